// v0.81.1 api/compute/eltwise_unary/erf_erfc.h: erf (ckernel_sfpu_erf.h: a rational approximation
// on x clamped to +-10, the result clamped to +-1) and erfc (ckernel_sfpu_erfc.h: erfc(min(|x|, 5)),
// 2 - that for x < 0). The values are the functions'; fast_and_approx selects the cost.
#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

template <bool fast_and_approx = true>
ALWI void erf_tile_init() { ttemu::abi::sfpu_init(); }

template <bool fast_and_approx = true>
ALWI void erf_tile(uint32_t idst) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Erf, idst, 0, fast_and_approx);
}

ALWI void erfc_tile_init() { ttemu::abi::sfpu_init(); }

ALWI void erfc_tile(uint32_t idst) { detail::sfpu_unary(ttemu::abi::SfpuOp::Erfc, idst); }

}  // namespace ckernel
