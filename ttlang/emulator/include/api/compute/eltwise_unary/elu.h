// v0.81.1 api/compute/eltwise_unary/elu.h (ckernel_sfpu_elu.h): x where x >= 0 (a sign test, so
// -0.0 takes the other branch and gives +0.0), else alpha * expm1(max(x, -87)); param0 is the bits
// of the fp32 alpha. With is_fp32_dest_acc_en false the LLK rounds its result to bfloat16.
#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void elu_tile(uint32_t idst, uint32_t param0) {
    ttemu::abi::sfpu_ext(ttemu::abi::SfpuOp::Elu, idst, 0, 0, idst, param0, 0, 0,
                         is_fp32_dest_acc_en ? 0 : ttemu::abi::kSfpuRoundBf16);
}

ALWI void elu_tile_init() { ttemu::abi::sfpu_init(); }

}  // namespace ckernel
