// v0.81.1 api/compute/eltwise_unary/activations.h (the LLK's ckernel_sfpu_activations.h,
// _softsign.h, _celu.h, _softshrink.h, _hardshrink.h):
//   hardsigmoid  clamp(x * 0.16666667 + 0.5, 0, 1) (one fused multiply-add)
//   softsign     x * (1 / (|x| + 1))
//   celu         x where x >= 0 (a sign test: not -0.0), else alpha * expm1(alpha_recip * x)
//   softshrink   x - clamp(x, -lambda, lambda)
//   hardshrink   0 where lambda - |x| >= 0 (a sign test of the difference), else x
// The scalars are the bits of fp32 values. The *_pack calls run on the pack thread's DST section.
#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

ALWI void hardsigmoid_tile(uint32_t idst) { detail::sfpu_unary(ttemu::abi::SfpuOp::Hardsigmoid, idst); }
ALWI void hardsigmoid_tile_pack(uint32_t idst) {
    ttemu::abi::sfpu_ext(ttemu::abi::SfpuOp::Hardsigmoid, idst, 0, 0, idst, 0, 0, 0, ttemu::abi::kSfpuPackThread);
}
ALWI void hardsigmoid_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void hardsigmoid_tile_init_pack() { ttemu::abi::sfpu_init(); }

ALWI void softsign_tile(uint32_t idst) { detail::sfpu_unary(ttemu::abi::SfpuOp::Softsign, idst); }
ALWI void softsign_tile_init() { ttemu::abi::sfpu_init(); }

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void celu_tile(uint32_t idst, uint32_t alpha, uint32_t alpha_recip) {
    ttemu::abi::sfpu_ext(ttemu::abi::SfpuOp::Celu, idst, 0, 0, idst, alpha, alpha_recip, 0,
                         is_fp32_dest_acc_en ? 0 : ttemu::abi::kSfpuRoundBf16);
}
ALWI void celu_tile_init() { ttemu::abi::sfpu_init(); }

ALWI void softshrink_tile(uint32_t idst, uint32_t param0) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Softshrink, idst, param0);
}
ALWI void softshrink_tile_init() { ttemu::abi::sfpu_init(); }

ALWI void hardshrink_tile(uint32_t idst, uint32_t param0) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Hardshrink, idst, param0);
}
ALWI void hardshrink_tile_init() { ttemu::abi::sfpu_init(); }

}  // namespace ckernel
