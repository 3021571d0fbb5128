// Tilize (v0.81.1 api/compute/tilize.h): the unpacker reads row-major data (32 rows of
// block * 32 datums, as the CB's pages hold them from the read pointer on) and the packer writes
// it as tiles of four 16x16 faces (ttemu::abi::tilize_block, src/tilize.cpp). fast_tilize_* is
// the same transformation on Wormhole (another MOP, the same L1 result).
#pragma once

#include <cstdint>

#include "api/compute/common.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void tilize_init(uint32_t icb, uint32_t block, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    ttemu::abi::tilize_init(icb, ocb, "tilize_init");
}

#if (defined(REDUCE_OP) and defined(REDUCE_DIM)) or defined(__DOXYGEN__)
template <bool neginf_srcA = true, bool zero_srcA_reduce = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void tilizeA_B_reduce_init(
    uint32_t icb0, uint32_t icb1_scaler, uint32_t block, uint32_t call_line = __builtin_LINE()) {
    TTEMU_NOT_EMULATED("tilizeA_B_reduce_init", "api/compute/tilize.h", neginf_srcA);
}
#endif

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void tilize_init_short_with_dt(uint32_t old_icb, uint32_t new_icb, uint32_t block, uint32_t ocb) {
    // Reconfigures SrcA for new_icb's format when it differs from old_icb's, then tilize_init.
    if (old_icb >= 64 || new_icb >= 64 || ttemu_cb_format[old_icb] != ttemu_cb_format[new_icb])
        ttemu::abi::op_init(new_icb, ttemu::abi::kNoCb, "tilize_init_short_with_dt", ttemu::abi::InitKind::ReconfigUnpack);
    ttemu::abi::tilize_init(new_icb, ocb, "tilize_init_short_with_dt");
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void tilize_block(
    uint32_t icb, uint32_t block, uint32_t ocb, uint32_t input_tile_index = 0, uint32_t output_tile_index = 0) {
    ttemu::abi::tilize_block(icb, block, ocb, input_tile_index, output_tile_index, false);
}

template <
    bool neginf_srcA = true,
    std::uint32_t reload_srcB = true,
    bool zero_srcA = false,
    bool zero_srcA_reduce = false>
ALWI void unpack_tilizeA_B_block(uint32_t icb0, uint32_t icb1, uint32_t block, uint32_t tile_idx_b) {
    // Unpack only: the math thread's reduce that consumes SrcA/SrcB is the kernel's; ttemu runs
    // unpack and math as one operation, so this split is not emulated.
    TTEMU_NOT_EMULATED("unpack_tilizeA_B_block", "api/compute/tilize.h", neginf_srcA);
}

ALWI void tilize_uninit(uint32_t icb, uint32_t ocb) { ttemu::abi::op_init(icb, ocb, "tilize_uninit"); }

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void fast_tilize_init(uint32_t icb, uint32_t full_dim, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    ttemu::abi::tilize_init(icb, ocb, "fast_tilize_init");
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void fast_tilize_init_skip_remap(
    uint32_t icb, uint32_t full_dim, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    ttemu::abi::tilize_init(icb, ocb, "fast_tilize_init_skip_remap");
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void fast_tilize_init_with_dt(uint32_t icb, uint32_t full_dim, uint32_t ocb) {
    ttemu::abi::op_init(icb, icb, "fast_tilize_init_with_dt", ttemu::abi::InitKind::ReconfigUnpack);
    ttemu::abi::tilize_init(icb, ocb, "fast_tilize_init_with_dt");
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void fast_tilize_init_with_dt_skip_remap(uint32_t icb, uint32_t full_dim, uint32_t ocb) {
    ttemu::abi::op_init(icb, icb, "fast_tilize_init_with_dt_skip_remap", ttemu::abi::InitKind::ReconfigUnpack);
    ttemu::abi::tilize_init(icb, ocb, "fast_tilize_init_with_dt_skip_remap");
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void fast_tilize_uninit(uint32_t icb, uint32_t ocb, uint32_t full_dim) {
    ttemu::abi::op_init(icb, ocb, "fast_tilize_uninit");
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void fast_tilize_block(
    uint32_t icb, uint32_t block, uint32_t ocb, uint32_t input_tile_index = 0, uint32_t output_tile_index = 0) {
    ttemu::abi::tilize_block(icb, block, ocb, input_tile_index, output_tile_index, true);
}

ALWI void unpack_tilizeA_B_uninit(uint32_t icb) { ttemu::abi::op_init(icb, ttemu::abi::kNoCb, "unpack_tilizeA_B_uninit"); }

}  // namespace ckernel
