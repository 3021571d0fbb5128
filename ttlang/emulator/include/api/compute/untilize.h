// Unpack untilize (v0.81.1 api/compute/untilize.h, deprecated there in favour of pack_untilize):
// the unpacker reads `full_ct_dim` tiles and feeds SrcA their rows in row-major order, so the
// tiles the packer then writes hold the row-major rows (ttemu::abi::untilize_block, src/tilize.cpp).
#pragma once

#include <cstdint>

#include "api/compute/common.h"

namespace ckernel {

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
[[deprecated(
    "unpack-based untilize is deprecated; use pack_untilize instead. Scheduled for removal, see tt-metal#22904.")]]
ALWI void untilize_init(uint32_t icb, uint32_t call_line = __builtin_LINE()) {
    ttemu::abi::tilize_init(icb, ttemu::abi::kNoCb, "untilize_init");
}

template <uint32_t block_ct_dim = 1, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
[[deprecated(
    "unpack-based untilize is deprecated; use pack_untilize instead. Scheduled for removal, see tt-metal#22904.")]]
ALWI void untilize_block(uint32_t icb, uint32_t full_ct_dim, uint32_t ocb) {
    ttemu::abi::untilize_block(icb, full_ct_dim, ocb, block_ct_dim);
}

[[deprecated(
    "unpack-based untilize is deprecated; use pack_untilize instead. Scheduled for removal, see tt-metal#22904.")]]
ALWI void untilize_uninit(uint32_t icb) {
    ttemu::abi::op_init(icb, ttemu::abi::kNoCb, "untilize_uninit");
}

}  // namespace ckernel
