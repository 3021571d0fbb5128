// Fast untilize (v0.81.1 api/compute/experimental/fast_untilize.h). On Wormhole v0.81.1 runs it
// as pack_untilize_init / pack_untilize_block<full_ct_dim, full_ct_dim>(icb, 1, ocb) /
// pack_untilize_uninit, and so does ttemu on both architectures: Blackhole's own fast-untilize
// MOPs give the same L1 result for input_tile_index = output_tile_index = 0, and other indices
// fault there (they are ignored on Wormhole, as in v0.81.1).
#pragma once

#include <cstdint>

#include "api/compute/pack_untilize.h"

namespace ckernel {

template <std::uint32_t full_ct_dim, bool configure_remap, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void fast_untilize_init_impl(uint32_t icb, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    static_assert(full_ct_dim > 0, "fast_untilize full_ct_dim must be greater than 0");
    ttemu::abi::tilize_init(icb, ocb, "fast_untilize_init");
}

template <std::uint32_t full_ct_dim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void fast_untilize_init(uint32_t icb, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    fast_untilize_init_impl<full_ct_dim, true, is_fp32_dest_acc_en>(icb, ocb, call_line);
}

template <std::uint32_t full_ct_dim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void fast_untilize_init_skip_remap(uint32_t icb, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    fast_untilize_init_impl<full_ct_dim, false, is_fp32_dest_acc_en>(icb, ocb, call_line);
}

template <std::uint32_t full_ct_dim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void fast_untilize_block(
    uint32_t icb, uint32_t ocb, uint32_t input_tile_index = 0, uint32_t output_tile_index = 0) {
    static_assert(full_ct_dim > 0, "fast_untilize full_ct_dim must be greater than 0");
#ifdef ARCH_BLACKHOLE
    if (input_tile_index != 0 || output_tile_index != 0)
        ttemu::abi::not_emulated("fast_untilize_block with tile indices on Blackhole (api/compute/experimental/fast_untilize.h)");
#endif
    pack_untilize_block<full_ct_dim, full_ct_dim, is_fp32_dest_acc_en>(icb, 1, ocb, 0);
}

template <std::uint32_t full_ct_dim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void fast_untilize_uninit(uint32_t ocb) {
    static_assert(full_ct_dim > 0, "fast_untilize full_ct_dim must be greater than 0");
    pack_untilize_uninit<is_fp32_dest_acc_en>(ocb);
}

}  // namespace ckernel
