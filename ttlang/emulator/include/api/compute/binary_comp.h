// v0.81.1 api/compute/binary_comp.h: declared with its v0.81.1 signatures (TT-NN's kernel_lib includes it whatever
// the op) but not emulated yet: a kernel that calls a template here fails to compile at the
// call, one that calls a non-template faults when it runs, with "ttemu: <function> (<header>)
// is not emulated".
#pragma once

#include "api/compute/common_globals.h"
#include "ttemu/kernel_abi.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

template <DataFormat data_format>
ALWI void eq_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    TTEMU_NOT_EMULATED("eq_int_tile", "api/compute/binary_comp.h", data_format);
}

template <DataFormat data_format>
ALWI void ne_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    TTEMU_NOT_EMULATED("ne_int_tile", "api/compute/binary_comp.h", data_format);
}

template <DataFormat data_format>
ALWI void lt_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    TTEMU_NOT_EMULATED("lt_int_tile", "api/compute/binary_comp.h", data_format);
}

template <DataFormat data_format>
ALWI void gt_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    TTEMU_NOT_EMULATED("gt_int_tile", "api/compute/binary_comp.h", data_format);
}

template <DataFormat data_format>
ALWI void le_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    TTEMU_NOT_EMULATED("le_int_tile", "api/compute/binary_comp.h", data_format);
}

template <DataFormat data_format>
ALWI void ge_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    TTEMU_NOT_EMULATED("ge_int_tile", "api/compute/binary_comp.h", data_format);
}

template <DataFormat data_format>
ALWI void eq_int_tile_init() {
    TTEMU_NOT_EMULATED("eq_int_tile_init", "api/compute/binary_comp.h", data_format);
}

template <DataFormat data_format>
ALWI void ne_int_tile_init() {
    TTEMU_NOT_EMULATED("ne_int_tile_init", "api/compute/binary_comp.h", data_format);
}

template <DataFormat data_format>
ALWI void lt_int_tile_init() {
    TTEMU_NOT_EMULATED("lt_int_tile_init", "api/compute/binary_comp.h", data_format);
}

template <DataFormat data_format>
ALWI void gt_int_tile_init() {
    TTEMU_NOT_EMULATED("gt_int_tile_init", "api/compute/binary_comp.h", data_format);
}

template <DataFormat data_format>
ALWI void le_int_tile_init() {
    TTEMU_NOT_EMULATED("le_int_tile_init", "api/compute/binary_comp.h", data_format);
}

template <DataFormat data_format>
ALWI void ge_int_tile_init() {
    TTEMU_NOT_EMULATED("ge_int_tile_init", "api/compute/binary_comp.h", data_format);
}

}  // namespace ckernel
