// v0.81.1 api/compute/mask.h (the LLK's ckernel_sfpu_mask.h). As on the hardware, the mask is the
// DST tile after the data (idst_data + 1; idst2_mask is not used, as the header's TODO says): where
// the mask datum is zero (SFPSETCC EQ0 on its bits as loaded, so only +0.0) the data becomes 0.0
// (mask_tile) or +inf (mask_posinf_tile); elsewhere it is left as it is. Float16_b and Float16 run
// calculate_mask; Int32 (calculate_int_mask) needs an integer DST, which the emulator does not have:
// it faults when called. Any other data_format does nothing, as in the real header.
#pragma once

#include "api/compute/common_globals.h"

namespace ckernel {

ALWI void mask_tile_init() { ttemu::abi::sfpu_init(); }

ALWI void mask_tile(uint32_t idst_data, uint32_t idst2_mask, DataFormat data_format = DataFormat::Float16_b) {
    (void)idst2_mask;
    if (data_format == DataFormat::Float16_b || data_format == DataFormat::Float16) {
        ttemu::abi::sfpu_ext(ttemu::abi::SfpuOp::Mask, idst_data, idst_data + 1, 0, idst_data, 0, 0, 0, 0);
    } else if (data_format == DataFormat::Int32) {
        ttemu::abi::not_emulated("mask_tile with DataFormat::Int32 (api/compute/mask.h)");
    }
}

ALWI void mask_posinf_tile(uint32_t idst_data, uint32_t idst2_mask) {
    (void)idst2_mask;
    ttemu::abi::sfpu_ext(ttemu::abi::SfpuOp::MaskPosinf, idst_data, idst_data + 1, 0, idst_data, 0, 0, 0, 0);
}

}  // namespace ckernel
