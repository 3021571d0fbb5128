#pragma once

// sin / cos / tan of a DST tile (the SFPU, as api/compute/eltwise_unary/trigonometry.h of
// v0.81.1); the inverse and hyperbolic functions of that header are not here yet.
#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

ALWI void sin_tile_init() { ttemu::abi::sfpu_init(); }
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void sin_tile(uint32_t idst) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Sin, idst);
}

ALWI void cos_tile_init() { ttemu::abi::sfpu_init(); }
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void cos_tile(uint32_t idst) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Cos, idst);
}

ALWI void tan_tile_init() { ttemu::abi::sfpu_init(); }
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void tan_tile(uint32_t idst) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Tan, idst);
}

}  // namespace ckernel
