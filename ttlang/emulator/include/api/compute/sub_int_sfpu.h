// v0.81.1 api/compute/sub_int_sfpu.h: integer subtract (and reversed subtract) of two DST tiles on
// the SFPU. Declared with the real signatures; the integer DST it needs is not emulated, so a
// kernel that calls sub_int_tile or rsub_int_tile fails to compile at the call.
#pragma once

#include "api/compute/common_globals.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

template <DataFormat data_format>
ALWI void sub_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    TTEMU_NOT_EMULATED("sub_int_tile", "api/compute/sub_int_sfpu.h", data_format);
}

template <DataFormat data_format>
ALWI void rsub_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    TTEMU_NOT_EMULATED("rsub_int_tile", "api/compute/sub_int_sfpu.h", data_format);
}

// Not templates in v0.81.1: a dependent static_assert needs one, so these fault at run time.
ALWI void sub_int_tile_init() { ttemu::abi::not_emulated("sub_int_tile_init (api/compute/sub_int_sfpu.h)"); }
ALWI void rsub_int_tile_init() { ttemu::abi::not_emulated("rsub_int_tile_init (api/compute/sub_int_sfpu.h)"); }

}  // namespace ckernel
