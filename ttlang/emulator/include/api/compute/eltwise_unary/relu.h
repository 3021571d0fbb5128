#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

ALWI void relu_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void relu_tile(uint32_t idst) { detail::sfpu_unary(ttemu::abi::SfpuOp::Relu, idst); }
ALWI void relu_min_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void relu_min_tile(uint32_t idst, uint32_t param0) { detail::sfpu_unary(ttemu::abi::SfpuOp::ReluMin, idst, param0); }
ALWI void relu_max_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void relu_max_tile(uint32_t idst, uint32_t param0) { detail::sfpu_unary(ttemu::abi::SfpuOp::ReluMax, idst, param0); }

}  // namespace ckernel
