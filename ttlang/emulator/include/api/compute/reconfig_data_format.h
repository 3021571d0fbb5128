// Data-format reconfiguration. ttemu's unpacker and packer read each CB's own format, so these
// calls only validate their CB ids; the timing model charges the reconfiguration (the variants
// naming the old CB skip it when the formats are equal, as the LLK does).
#pragma once

#include "api/compute/common_globals.h"
#include "api/compute/src_order.h"

namespace ckernel {

namespace detail {
TTEMU_ALWI void reconfig_unpack(uint32_t cb0, uint32_t cb1, bool changes, const char* fn) {
    if (changes) {
        ttemu::abi::op_init(cb0, cb1, fn, ttemu::abi::InitKind::ReconfigUnpack);
    } else {
        ttemu::abi::check_cb(cb0, fn);
        if (cb1 != ttemu::abi::kNoCb) ttemu::abi::check_cb(cb1, fn);
    }
}
TTEMU_ALWI bool format_changes(uint32_t old_cb, uint32_t new_cb) {
    return old_cb >= 64 || new_cb >= 64 || ttemu_cb_format[old_cb] != ttemu_cb_format[new_cb];
}
}  // namespace detail

template <SrcOrder src_order = SrcOrder::Regular>
ALWI void reconfig_data_format(const uint32_t icb0_new_operand, const uint32_t icb1_new_operand) {
    detail::reconfig_unpack(icb0_new_operand, icb1_new_operand, true, "reconfig_data_format");
}
template <SrcOrder src_order = SrcOrder::Regular>
ALWI void reconfig_data_format(const uint32_t icb0_old_operand, const uint32_t icb0_new_operand,
                               const uint32_t icb1_old_operand, const uint32_t icb1_new_operand) {
    detail::reconfig_unpack(icb0_new_operand, icb1_new_operand,
                            detail::format_changes(icb0_old_operand, icb0_new_operand) ||
                                detail::format_changes(icb1_old_operand, icb1_new_operand),
                            "reconfig_data_format");
}
ALWI void reconfig_data_format_srca(const uint32_t srca_new_operand) {
    detail::reconfig_unpack(srca_new_operand, ttemu::abi::kNoCb, true, "reconfig_data_format_srca");
}
ALWI void reconfig_data_format_srca(const uint32_t srca_old_operand, const uint32_t srca_new_operand) {
    detail::reconfig_unpack(srca_new_operand, ttemu::abi::kNoCb, detail::format_changes(srca_old_operand, srca_new_operand),
                            "reconfig_data_format_srca");
}
ALWI void reconfig_data_format_srcb(const uint32_t srcb_new_operand) {
    detail::reconfig_unpack(srcb_new_operand, ttemu::abi::kNoCb, true, "reconfig_data_format_srcb");
}
ALWI void reconfig_data_format_srcb(const uint32_t srcb_old_operand, const uint32_t srcb_new_operand) {
    detail::reconfig_unpack(srcb_new_operand, ttemu::abi::kNoCb, detail::format_changes(srcb_old_operand, srcb_new_operand),
                            "reconfig_data_format_srcb");
}
template <bool is_tile_dim_reconfig_en = false>
ALWI void pack_reconfig_data_format(const uint32_t new_cb_id) {
    ttemu::abi::op_init(new_cb_id, ttemu::abi::kNoCb, "pack_reconfig_data_format", ttemu::abi::InitKind::ReconfigPack);
}
template <bool is_tile_dim_reconfig_en = false>
ALWI void pack_reconfig_data_format(const uint32_t old_cb_id, const uint32_t new_cb_id) {
    if (detail::format_changes(old_cb_id, new_cb_id)) {
        ttemu::abi::op_init(new_cb_id, ttemu::abi::kNoCb, "pack_reconfig_data_format", ttemu::abi::InitKind::ReconfigPack);
    } else {
        ttemu::abi::check_cb(new_cb_id, "pack_reconfig_data_format");
    }
}

}  // namespace ckernel
