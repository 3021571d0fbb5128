#pragma once

#include "api/compute/eltwise_binary_sfpu.h"

namespace ckernel {

ALWI void binary_max_tile(uint32_t idst0, uint32_t idst1, uint32_t odst, VectorMode vector_mode = VectorMode::RC) {
    detail::sfpu_binary(ttemu::abi::SfpuOp::MaxBinary, idst0, idst1, odst);
}
ALWI void binary_max_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void binary_min_tile(uint32_t idst0, uint32_t idst1, uint32_t odst, VectorMode vector_mode = VectorMode::RC) {
    detail::sfpu_binary(ttemu::abi::SfpuOp::MinBinary, idst0, idst1, odst);
}
ALWI void binary_min_tile_init() { ttemu::abi::sfpu_init(); }

}  // namespace ckernel
