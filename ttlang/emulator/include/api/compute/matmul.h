// Matrix multiply (v0.81.1 api/compute/matmul.h). in0 feeds SrcB, in1 SrcA (hence
// compute_kernel_hw_startup<SrcOrder::Reverse> in matmul kernels). DST += in0 @ in1, see
// ttemu/src/compute_ops.cpp for the arithmetic.
#pragma once

#include <cstdint>

#include "api/compute/common.h"

#ifndef MM_THROTTLE
#define MM_THROTTLE 0
#endif

namespace ckernel {

// Short init for matmul_tiles. A non-zero `transpose` transposes every in1 tile as it is unpacked
// (DST += A @ B^T); the setting holds until the next matmul init.
ALWI void matmul_init(
    std::uint32_t in0_cb_id,
    std::uint32_t in1_cb_id,
    const std::uint32_t transpose = 0,
    std::uint32_t call_line = __builtin_LINE()) {
    ttemu::abi::matmul_init(in0_cb_id, in1_cb_id, transpose, "matmul_init");
}

// Quasar-only (MxFp4 formats); a no-op on Wormhole and Blackhole.
ALWI void mm_uninit(std::uint32_t in0_cb_id, std::uint32_t in1_cb_id) {}

// DST[idst] += A @ B for tile A = in0[in0_tile_index] and B = in1[in1_tile_index].
ALWI void matmul_tiles(
    std::uint32_t in0_cb_id,
    std::uint32_t in1_cb_id,
    std::uint32_t in0_tile_index,
    std::uint32_t in1_tile_index,
    std::uint32_t idst) {
    ttemu::abi::matmul(in0_cb_id, in1_cb_id, in0_tile_index, in1_tile_index, idst, 1, 1, 1, "matmul_tiles");
}

// Short init for matmul_block (transpose as for matmul_init).
ALWI void matmul_block_init(
    std::uint32_t in0_cb_id,
    std::uint32_t in1_cb_id,
    const std::uint32_t transpose = 0,
    std::uint32_t ct_dim = 1,
    std::uint32_t rt_dim = 1,
    std::uint32_t kt_dim = 1,
    std::uint32_t call_line = __builtin_LINE()) {
    ttemu::abi::matmul_init(in0_cb_id, in1_cb_id, transpose, "matmul_block_init");
}

// One k step of a block product: for r < rt_dim, c < ct_dim,
// DST[idst + r * ct_dim + c] += in0[in0_tile_index + r * kt_dim] @ in1[in1_tile_index + c].
// On Wormhole the transpose argument is not used here (matmul_block_init's is).
ALWI void matmul_block(
    std::uint32_t in0_cb_id,
    std::uint32_t in1_cb_id,
    std::uint32_t in0_tile_index,
    std::uint32_t in1_tile_index,
    std::uint32_t idst,
    const std::uint32_t transpose,
    std::uint32_t ct_dim,
    std::uint32_t rt_dim,
    std::uint32_t kt_dim,
    std::uint32_t call_line = __builtin_LINE()) {
    ttemu::abi::matmul(in0_cb_id, in1_cb_id, in0_tile_index, in1_tile_index, idst, ct_dim, rt_dim, kt_dim,
                       "matmul_block");
}

}  // namespace ckernel
