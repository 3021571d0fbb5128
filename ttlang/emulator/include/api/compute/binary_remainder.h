// v0.81.1 api/compute/binary_remainder.h: declared with its v0.81.1 signatures (TT-NN's kernel_lib includes it whatever
// the op) but not emulated yet: a kernel that calls a template here fails to compile at the
// call, one that calls a non-template faults when it runs, with "ttemu: <function> (<header>)
// is not emulated".
#pragma once

#include "api/compute/common_globals.h"
#include "ttemu/kernel_abi.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

ALWI void remainder_int32_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) { ttemu::abi::not_emulated("remainder_int32_tile (api/compute/binary_remainder.h)"); }

ALWI void remainder_int32_tile_init() { ttemu::abi::not_emulated("remainder_int32_tile_init (api/compute/binary_remainder.h)"); }

ALWI void remainder_uint32_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) { ttemu::abi::not_emulated("remainder_uint32_tile (api/compute/binary_remainder.h)"); }

ALWI void remainder_uint32_tile_init() { ttemu::abi::not_emulated("remainder_uint32_tile_init (api/compute/binary_remainder.h)"); }

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void remainder_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    TTEMU_NOT_EMULATED("remainder_binary_tile", "api/compute/binary_remainder.h", is_fp32_dest_acc_en);
}

ALWI void remainder_binary_tile_init() { ttemu::abi::not_emulated("remainder_binary_tile_init (api/compute/binary_remainder.h)"); }

}  // namespace ckernel
