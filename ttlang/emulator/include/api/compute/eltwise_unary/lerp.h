// v0.81.1 api/compute/eltwise_unary/lerp.h (ckernel_sfpu_lerp.h): odst = idst0 + idst2 * (idst1 -
// idst0) per datum (input / start, end, weight), the difference rounded to fp32 and then one fused
// multiply-add. With is_fp32_dest_acc_en false the LLK rounds the result to bfloat16
// (float32_to_bf16_rne).
#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

template <DataFormat data_format, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void lerp_tile(uint32_t idst0, uint32_t idst1, uint32_t idst2, uint32_t odst) {
    static_assert(
        data_format == DataFormat::Float32 || data_format == DataFormat::Float16_b,
        "Unsupported data format for calculate_lerp(). Supported data formats are: Float32, Float16_b.");
    ttemu::abi::sfpu_ext(ttemu::abi::SfpuOp::Lerp, idst0, idst1, idst2, odst, 0, 0, 0,
                         is_fp32_dest_acc_en ? 0 : ttemu::abi::kSfpuRoundBf16);
}

ALWI void lerp_tile_init() { ttemu::abi::sfpu_init(); }

}  // namespace ckernel
