// Data-format reconfiguration. ttemu's unpacker and packer read each CB's own format, so these
// calls only validate their CB ids.
#pragma once

#include "api/compute/common_globals.h"
#include "api/compute/src_order.h"

namespace ckernel {

template <SrcOrder src_order = SrcOrder::Regular>
ALWI void reconfig_data_format(const uint32_t icb0_new_operand, const uint32_t icb1_new_operand) {
    ttemu::abi::check_cb(icb0_new_operand, "reconfig_data_format");
    ttemu::abi::check_cb(icb1_new_operand, "reconfig_data_format");
}
template <SrcOrder src_order = SrcOrder::Regular>
ALWI void reconfig_data_format(const uint32_t icb0_old_operand, const uint32_t icb0_new_operand,
                               const uint32_t icb1_old_operand, const uint32_t icb1_new_operand) {
    ttemu::abi::check_cb(icb0_new_operand, "reconfig_data_format");
    ttemu::abi::check_cb(icb1_new_operand, "reconfig_data_format");
}
ALWI void reconfig_data_format_srca(const uint32_t srca_new_operand) {
    ttemu::abi::check_cb(srca_new_operand, "reconfig_data_format_srca");
}
ALWI void reconfig_data_format_srca(const uint32_t srca_old_operand, const uint32_t srca_new_operand) {
    ttemu::abi::check_cb(srca_new_operand, "reconfig_data_format_srca");
}
ALWI void reconfig_data_format_srcb(const uint32_t srcb_new_operand) {
    ttemu::abi::check_cb(srcb_new_operand, "reconfig_data_format_srcb");
}
ALWI void reconfig_data_format_srcb(const uint32_t srcb_old_operand, const uint32_t srcb_new_operand) {
    ttemu::abi::check_cb(srcb_new_operand, "reconfig_data_format_srcb");
}
template <bool is_tile_dim_reconfig_en = false>
ALWI void pack_reconfig_data_format(const uint32_t new_cb_id) {
    ttemu::abi::check_cb(new_cb_id, "pack_reconfig_data_format");
}
template <bool is_tile_dim_reconfig_en = false>
ALWI void pack_reconfig_data_format(const uint32_t old_cb_id, const uint32_t new_cb_id) {
    ttemu::abi::check_cb(new_cb_id, "pack_reconfig_data_format");
}

}  // namespace ckernel
