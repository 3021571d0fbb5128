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

// The integer forms need an integer DST, which the emulator does not have: not emulated (they are
// not templates in v0.81.1, so they fault when reached rather than at compile time).
ALWI void binary_max_int32_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    ttemu::abi::not_emulated("binary_max_int32_tile (api/compute/binary_max_min.h)");
}
ALWI void binary_max_int32_tile_init() { ttemu::abi::not_emulated("binary_max_int32_tile_init (api/compute/binary_max_min.h)"); }
ALWI void binary_max_uint32_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    ttemu::abi::not_emulated("binary_max_uint32_tile (api/compute/binary_max_min.h)");
}
ALWI void binary_max_uint32_tile_init() { ttemu::abi::not_emulated("binary_max_uint32_tile_init (api/compute/binary_max_min.h)"); }
ALWI void binary_min_int32_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    ttemu::abi::not_emulated("binary_min_int32_tile (api/compute/binary_max_min.h)");
}
ALWI void binary_min_int32_tile_init() { ttemu::abi::not_emulated("binary_min_int32_tile_init (api/compute/binary_max_min.h)"); }
ALWI void binary_min_uint32_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    ttemu::abi::not_emulated("binary_min_uint32_tile (api/compute/binary_max_min.h)");
}
ALWI void binary_min_uint32_tile_init() { ttemu::abi::not_emulated("binary_min_uint32_tile_init (api/compute/binary_max_min.h)"); }

}  // namespace ckernel
