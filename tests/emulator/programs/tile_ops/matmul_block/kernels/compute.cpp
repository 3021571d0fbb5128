// One rt x ct block of C = A @ B with matmul_block: A is rt x kt tiles (c_0, row-major tile
// order), B kt x ct tiles (c_1); per k step, DST[r * ct + c] += A(r, k) @ B(k, c).
// Runtime args 2..4: rt, ct, kt; compile-time define TRANSPOSE=1: the unpacker transposes every c_1 tile
// (DST += A @ T^T), so tile k * ct + c of c_1 must hold the transpose of B(k, c).
#include <cstdint>
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/matmul.h"

#ifndef TRANSPOSE
#define TRANSPOSE 0
#endif

void kernel_main() {
    const uint32_t a_tiles = get_arg_val<uint32_t>(0);
    const uint32_t b_tiles = get_arg_val<uint32_t>(1);
    const uint32_t rt = get_arg_val<uint32_t>(2);
    const uint32_t ct = get_arg_val<uint32_t>(3);
    const uint32_t kt = get_arg_val<uint32_t>(4);
    constexpr auto cb_in0 = tt::CBIndex::c_0;
    constexpr auto cb_in1 = tt::CBIndex::c_1;
    constexpr auto cb_out = tt::CBIndex::c_16;
    compute_kernel_hw_startup<SrcOrder::Reverse>(cb_in0, cb_in1, cb_out);
    matmul_block_init(cb_in0, cb_in1, TRANSPOSE, ct, rt, kt);
    cb_wait_front(cb_in0, a_tiles);
    cb_wait_front(cb_in1, b_tiles);
    tile_regs_acquire();
    for (uint32_t k = 0; k < kt; ++k) matmul_block(cb_in0, cb_in1, k, k * ct, 0, TRANSPOSE, ct, rt, kt);
    tile_regs_commit();
    cb_pop_front(cb_in0, a_tiles);
    cb_pop_front(cb_in1, b_tiles);
    cb_reserve_back(cb_out, rt * ct);
    tile_regs_wait();
    for (uint32_t i = 0; i < rt * ct; ++i) pack_tile(i, cb_out);
    tile_regs_release();
    cb_push_back(cb_out, rt * ct);
}
