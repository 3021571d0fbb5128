// v0.81.1 api/compute/eltwise_unary/logical_not.h: declared with its v0.81.1 signatures (TT-NN's kernel_lib includes it whatever
// the op) but not emulated yet: a kernel that calls a template here fails to compile at the
// call, one that calls a non-template faults when it runs, with "ttemu: <function> (<header>)
// is not emulated".
#pragma once

#include "api/compute/common_globals.h"
#include "ttemu/kernel_abi.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

template <DataFormat DATA_FORMAT>
ALWI void logical_not_tile(uint32_t idst) {
    TTEMU_NOT_EMULATED("logical_not_tile", "api/compute/eltwise_unary/logical_not.h", DATA_FORMAT);
}

ALWI void logical_not_tile_init() { ttemu::abi::not_emulated("logical_not_tile_init (api/compute/eltwise_unary/logical_not.h)"); }

}  // namespace ckernel
