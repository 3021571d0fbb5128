// Pack untilize (v0.81.1 api/compute/pack_untilize.h): the packer writes DST tiles to L1 as
// row-major rows. Declared with their real signatures; not emulated yet (see ttemu/unimplemented.h).
#pragma once

#include "api/compute/common.h"
#include "ckernel_defs.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim, bool narrow_row = false,
          std::uint32_t row_num_datums = TILE_C_DIM, bool dense = false, bool configure_remap = true,
          bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void pack_untilize_dest_init(uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    TTEMU_NOT_EMULATED("pack_untilize_dest_init", "api/compute/pack_untilize.h", block_ct_dim);
}
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void pack_untilize_init(uint32_t icb, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    TTEMU_NOT_EMULATED("pack_untilize_init", "api/compute/pack_untilize.h", block_ct_dim);
}
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void pack_untilize_init_skip_remap(uint32_t icb, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    TTEMU_NOT_EMULATED("pack_untilize_init_skip_remap", "api/compute/pack_untilize.h", block_ct_dim);
}
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void pack_untilize_block(uint32_t icb, uint32_t block_rt_dim, uint32_t ocb, uint32_t block_c_index = 0) {
    TTEMU_NOT_EMULATED("pack_untilize_block", "api/compute/pack_untilize.h", block_ct_dim);
}
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim, bool diagonal = false,
          bool narrow_row = false, std::uint32_t row_num_datums = TILE_C_DIM, uint32_t tile_dst_ct_offset = 0,
          bool dense = false>
ALWI void pack_untilize_dest(uint32_t ocb, uint32_t block_rt_dim = 1, uint32_t block_c_index = 0,
                             uint32_t tile_dst_rt_offset = 0) {
    TTEMU_NOT_EMULATED("pack_untilize_dest", "api/compute/pack_untilize.h", block_ct_dim);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void pack_untilize_uninit(uint32_t ocb) {
    TTEMU_NOT_EMULATED("pack_untilize_uninit", "api/compute/pack_untilize.h", is_fp32_dest_acc_en);
}

}  // namespace ckernel
