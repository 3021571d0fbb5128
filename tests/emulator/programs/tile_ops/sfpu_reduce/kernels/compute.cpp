// SFPU reduce of tiles copied into DST: runtime args 2 pool (0 SUM, 1 AVG, 2 MAX, 3 MIN),
// 3 dimension (0 REDUCE_ROW over the ct_dim = a_tiles block, 1 REDUCE_COL of each tile).
// REDUCE_ROW packs the first tile of the block, REDUCE_COL every tile.
#include <cstdint>
#include "api/compute/compute_kernel_api.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/tile_move_copy.h"

template <PoolType pool, ReduceDim dim>
void run(uint32_t n) {
    constexpr auto cb_in = tt::CBIndex::c_0;
    constexpr auto cb_out = tt::CBIndex::c_16;
    sfpu_reduce_init<pool, DataFormat::Float32>();
    tile_regs_acquire();
    for (uint32_t i = 0; i < n; ++i) copy_tile(cb_in, i, i);
    if constexpr (dim == ReduceDim::REDUCE_ROW) {
        sfpu_reduce<pool, DataFormat::Float32, dim>(0, n, 1);
    } else {
        for (uint32_t i = 0; i < n; ++i) sfpu_reduce<pool, DataFormat::Float32, dim>(i);
    }
    tile_regs_commit();
    const uint32_t out = dim == ReduceDim::REDUCE_ROW ? 1 : n;
    cb_reserve_back(cb_out, out);
    tile_regs_wait();
    for (uint32_t i = 0; i < out; ++i) pack_tile(i, cb_out);
    tile_regs_release();
    cb_push_back(cb_out, out);
}

void kernel_main() {
    const uint32_t n = get_arg_val<uint32_t>(0);
    const uint32_t pool = get_arg_val<uint32_t>(2);
    const uint32_t dim = get_arg_val<uint32_t>(3);
    constexpr auto cb_in = tt::CBIndex::c_0;
    compute_kernel_hw_startup(cb_in, tt::CBIndex::c_16);
    copy_init(cb_in);
    cb_wait_front(cb_in, n);
    if (dim == 0) {
        if (pool == 0) run<PoolType::SUM, ReduceDim::REDUCE_ROW>(n);
        else if (pool == 2) run<PoolType::MAX, ReduceDim::REDUCE_ROW>(n);
        else run<PoolType::MIN, ReduceDim::REDUCE_ROW>(n);
    } else {
        if (pool == 0) run<PoolType::SUM, ReduceDim::REDUCE_COL>(n);
        else if (pool == 1) run<PoolType::AVG, ReduceDim::REDUCE_COL>(n);
        else if (pool == 2) run<PoolType::MAX, ReduceDim::REDUCE_COL>(n);
        else run<PoolType::MIN, ReduceDim::REDUCE_COL>(n);
    }
    cb_pop_front(cb_in, n);
}
