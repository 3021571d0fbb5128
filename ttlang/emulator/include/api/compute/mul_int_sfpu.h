// v0.81.1 api/compute/mul_int_sfpu.h: integer multiply of two DST tiles on the SFPU. Declared with
// the real signatures (eltwise_sfpu.cpp includes this header whatever its op chain); the integer
// DST it needs is not emulated, so a kernel that calls it fails to compile at the call.
#pragma once

#include "api/compute/common_globals.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

template <DataFormat data_format>
ALWI void mul_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    TTEMU_NOT_EMULATED("mul_int_tile", "api/compute/mul_int_sfpu.h", data_format);
}

template <DataFormat data_format>
ALWI void mul_int_tile_init() {
    TTEMU_NOT_EMULATED("mul_int_tile_init", "api/compute/mul_int_sfpu.h", data_format);
}

}  // namespace ckernel
