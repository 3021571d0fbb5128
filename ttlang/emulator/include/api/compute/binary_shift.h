// v0.81.1 api/compute/binary_shift.h: declared with its v0.81.1 signatures (TT-NN's kernel_lib includes it whatever
// the op) but not emulated yet: a kernel that calls a template here fails to compile at the
// call, one that calls a non-template faults when it runs, with "ttemu: <function> (<header>)
// is not emulated".
#pragma once

#include "api/compute/common_globals.h"
#include "ttemu/kernel_abi.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

template <DataFormat data_format>
ALWI void binary_left_shift_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    TTEMU_NOT_EMULATED("binary_left_shift_tile", "api/compute/binary_shift.h", data_format);
}

template <DataFormat data_format>
ALWI void binary_right_shift_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    TTEMU_NOT_EMULATED("binary_right_shift_tile", "api/compute/binary_shift.h", data_format);
}

template <DataFormat data_format>
ALWI void binary_logical_right_shift_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    TTEMU_NOT_EMULATED("binary_logical_right_shift_tile", "api/compute/binary_shift.h", data_format);
}

ALWI void binary_shift_tile_init() { ttemu::abi::not_emulated("binary_shift_tile_init (api/compute/binary_shift.h)"); }

}  // namespace ckernel
