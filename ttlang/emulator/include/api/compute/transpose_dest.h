// In-place transpose of a DST tile (v0.81.1 api/compute/transpose_dest.h). With
// transpose_of_faces = false only each 16x16 face is transposed.
#pragma once

#include <cstdint>

#include "api/compute/common.h"

namespace ckernel {

template <bool is_32bit = false, bool transpose_of_faces = true>
ALWI void transpose_dest_init([[maybe_unused]] uint32_t operand = 0) {}

template <bool is_32bit = false, bool transpose_of_faces = true>
ALWI void transpose_dest(uint32_t idst) {
    ttemu::abi::transpose_dest(idst, transpose_of_faces, is_32bit);
}

}  // namespace ckernel
