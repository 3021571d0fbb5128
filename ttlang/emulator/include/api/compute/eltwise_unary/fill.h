#pragma once

#include <bit>

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

ALWI void fill_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void fill_tile(uint32_t idst, float param0) { detail::sfpu_unary(ttemu::abi::SfpuOp::Fill, idst, std::bit_cast<uint32_t>(param0)); }
ALWI void fill_tile_bitcast(uint32_t idst, uint32_t param0) { detail::sfpu_unary(ttemu::abi::SfpuOp::Fill, idst, param0); }

}  // namespace ckernel
