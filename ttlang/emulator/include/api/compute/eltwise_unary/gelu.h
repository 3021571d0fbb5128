#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

// gelu_tile<true> is the tanh approximation, gelu_tile<false> the exact erf form.
template <bool fast_and_approx = true, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void gelu_tile_init() { ttemu::abi::sfpu_init(); }
template <bool fast_and_approx = true, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void gelu_tile(uint32_t idst) {
    detail::sfpu_unary(fast_and_approx ? ttemu::abi::SfpuOp::GeluApprox : ttemu::abi::SfpuOp::Gelu, idst);
}

}  // namespace ckernel
