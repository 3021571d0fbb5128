// v0.81.1 api/compute/eltwise_unary/log1p.h: log(1 + x) (ckernel_sfpu_log1p.h); with
// is_fp32_dest_acc_en false the result is rounded to bfloat16.
#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

template <bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void log1p_tile_init() {
    ttemu::abi::sfpu_init();
}

template <bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void log1p_tile(uint32_t idst) {
    ttemu::abi::sfpu_ext(ttemu::abi::SfpuOp::Log1p, idst, 0, 0, idst, 0, 0, 0,
                         (fast_and_approx ? ttemu::abi::kSfpuApprox : 0) |
                             (is_fp32_dest_acc_en ? 0 : ttemu::abi::kSfpuRoundBf16));
}

}  // namespace ckernel
