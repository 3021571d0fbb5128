// Reduces groups of `per_out` data tiles (c_0) into one tile each, weighted by the scaler tile
// (c_1, tile 0), as tt-metal's reduce kernels do: reduce_tile accumulates in DST.
// Runtime args: 0 data tiles, 1 scaler tiles, 2 per_out, 3 pool type (0 SUM, 1 AVG, 2 MAX),
// 4 dimension (0 REDUCE_ROW, 1 REDUCE_COL, 2 REDUCE_SCALAR), 5 raw: call reduce_uninit before
// packing, so that the whole DST tile is packed rather than only the result datums.
#include <cstdint>
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/reduce.h"

template <PoolType pool, ReduceDim dim>
void reduce_all(uint32_t a_tiles, uint32_t per_out, bool raw) {
    constexpr auto cb_in = tt::CBIndex::c_0;
    constexpr auto cb_scaler = tt::CBIndex::c_1;
    constexpr auto cb_out = tt::CBIndex::c_16;
    reduce_init<pool, dim>(cb_in, cb_scaler, cb_out);
    for (uint32_t o = 0; o < a_tiles / per_out; ++o) {
        tile_regs_acquire();
        for (uint32_t w = 0; w < per_out; ++w) reduce_tile<pool, dim>(cb_in, cb_scaler, o * per_out + w, 0, 0);
        tile_regs_commit();
        if (raw) reduce_uninit();
        cb_reserve_back(cb_out, 1);
        tile_regs_wait();
        pack_tile(0, cb_out);
        tile_regs_release();
        cb_push_back(cb_out, 1);
        if (raw) reduce_init<pool, dim>(cb_in, cb_scaler, cb_out);
    }
    reduce_uninit();
}

template <PoolType pool>
void reduce_dim(uint32_t dim, uint32_t a_tiles, uint32_t per_out, bool raw) {
    if (dim == 0) reduce_all<pool, ReduceDim::REDUCE_ROW>(a_tiles, per_out, raw);
    else if (dim == 1) reduce_all<pool, ReduceDim::REDUCE_COL>(a_tiles, per_out, raw);
    else reduce_all<pool, ReduceDim::REDUCE_SCALAR>(a_tiles, per_out, raw);
}

void kernel_main() {
    const uint32_t a_tiles = get_arg_val<uint32_t>(0);
    const uint32_t per_out = get_arg_val<uint32_t>(2);
    const uint32_t pool = get_arg_val<uint32_t>(3);
    const uint32_t dim = get_arg_val<uint32_t>(4);
    const bool raw = get_arg_val<uint32_t>(5) != 0;
    constexpr auto cb_in = tt::CBIndex::c_0;
    constexpr auto cb_scaler = tt::CBIndex::c_1;
    compute_kernel_hw_startup(cb_in, cb_scaler, tt::CBIndex::c_16);
    cb_wait_front(cb_scaler, 1);
    cb_wait_front(cb_in, a_tiles);
    if (pool == 0) reduce_dim<PoolType::SUM>(dim, a_tiles, per_out, raw);
    else if (pool == 1) reduce_dim<PoolType::AVG>(dim, a_tiles, per_out, raw);
    else reduce_dim<PoolType::MAX>(dim, a_tiles, per_out, raw);
    cb_pop_front(cb_in, a_tiles);
    cb_pop_front(cb_scaler, 1);
}
