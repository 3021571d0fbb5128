// v0.81.1 api/compute/add_int_sfpu.h: integer add of two DST tiles on the SFPU (Int32, UInt32,
// UInt16). Declared with the real signatures (TT-NN's layernorm, binary_ng and kernel_lib headers
// include it whatever their op); the integer DST it needs is not emulated, so a kernel that calls
// add_int_tile fails to compile at the call.
#pragma once

#include "api/compute/common_globals.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

template <DataFormat data_format>
ALWI void add_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    TTEMU_NOT_EMULATED("add_int_tile", "api/compute/add_int_sfpu.h", data_format);
}

// Not a template in v0.81.1: a dependent static_assert needs one, so this one faults at run time.
ALWI void add_int_tile_init() { ttemu::abi::not_emulated("add_int_tile_init (api/compute/add_int_sfpu.h)"); }

}  // namespace ckernel
