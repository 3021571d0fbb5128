// Pack untilize (v0.81.1 api/compute/pack_untilize.h): the packer writes DST tiles to L1 as
// row-major rows (ttemu::abi::pack_untilize, src/tilize.cpp). Block r of `block_rt_dim` goes to
// the 32 rows starting full_ct_dim pages after block r - 1; DST tile r * block_ct_dim + c (plus
// the offsets) to datum columns (block_c_index * block_ct_dim + c) * 32 of rows full_ct_dim * 32
// datums long. The diagonal and narrow-row packs are not emulated.
#pragma once

#include <cstdint>

#include "api/compute/common.h"
#include "ckernel_defs.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim, bool narrow_row = false,
          std::uint32_t row_num_datums = TILE_C_DIM, bool dense = false, bool configure_remap = true,
          bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void pack_untilize_dest_init(uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    static_assert(full_ct_dim % block_ct_dim == 0, "full_ct_dim must be divisible by block_ct_dim");
    static_assert(!dense, "Dense is only supported on BH");
    if constexpr (narrow_row || row_num_datums != TILE_C_DIM) {
        TTEMU_NOT_EMULATED("pack_untilize_dest_init with narrow_row / row_num_datums", "api/compute/pack_untilize.h",
                           block_ct_dim);
    }
    ttemu::abi::op_init(ocb, ttemu::abi::kNoCb, "pack_untilize_dest_init", ttemu::abi::InitKind::ReconfigPack);
}
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void pack_untilize_init(uint32_t icb, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    static_assert(full_ct_dim % block_ct_dim == 0, "full_ct_dim must be divisible by block_ct_dim");
    ttemu::abi::tilize_init(icb, ocb, "pack_untilize_init");
}
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void pack_untilize_init_skip_remap(uint32_t icb, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    static_assert(full_ct_dim % block_ct_dim == 0, "full_ct_dim must be divisible by block_ct_dim");
    ttemu::abi::tilize_init(icb, ocb, "pack_untilize_init_skip_remap");
}
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void pack_untilize_block(uint32_t icb, uint32_t block_rt_dim, uint32_t ocb, uint32_t block_c_index = 0) {
    ttemu::abi::pack_untilize_block(icb, block_rt_dim, ocb, block_c_index, block_ct_dim, full_ct_dim);
}
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim, bool diagonal = false,
          bool narrow_row = false, std::uint32_t row_num_datums = TILE_C_DIM, uint32_t tile_dst_ct_offset = 0,
          bool dense = false>
ALWI void pack_untilize_dest(uint32_t ocb, uint32_t block_rt_dim = 1, uint32_t block_c_index = 0,
                             uint32_t tile_dst_rt_offset = 0) {
    static_assert(!dense, "Dense is only supported on BH");
    if constexpr (diagonal || narrow_row || row_num_datums != TILE_C_DIM) {
        TTEMU_NOT_EMULATED("pack_untilize_dest with diagonal / narrow_row / row_num_datums",
                           "api/compute/pack_untilize.h", block_ct_dim);
    } else {
        ttemu::abi::pack_untilize_dest(ocb, block_rt_dim, block_c_index, tile_dst_rt_offset, block_ct_dim, full_ct_dim,
                                       tile_dst_ct_offset);
    }
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void pack_untilize_uninit(uint32_t ocb) {
    ttemu::abi::op_init(ocb, ttemu::abi::kNoCb, "pack_untilize_uninit", ttemu::abi::InitKind::ReconfigPack);
}

}  // namespace ckernel
