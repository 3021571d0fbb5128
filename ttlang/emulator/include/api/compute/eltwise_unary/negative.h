#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

ALWI void negative_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void negative_tile(uint32_t idst) { detail::sfpu_unary(ttemu::abi::SfpuOp::Neg, idst); }

}  // namespace ckernel
