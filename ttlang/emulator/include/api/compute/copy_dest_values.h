// v0.81.1 api/compute/copy_dest_values.h: declared with its v0.81.1 signatures (TT-NN's kernel_lib includes it whatever
// the op) but not emulated yet: a kernel that calls a template here fails to compile at the
// call, one that calls a non-template faults when it runs, with "ttemu: <function> (<header>)
// is not emulated".
#pragma once

#include "api/compute/common_globals.h"
#include "ttemu/kernel_abi.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

template <DataFormat DATA_FORMAT>
ALWI void copy_dest_values(uint32_t idst_in, uint32_t idst_out) {
    TTEMU_NOT_EMULATED("copy_dest_values", "api/compute/copy_dest_values.h", DATA_FORMAT);
}

ALWI void copy_dest_values(uint32_t idst_in, uint32_t idst_out) { ttemu::abi::not_emulated("copy_dest_values (api/compute/copy_dest_values.h)"); }

ALWI void copy_dest_values_init() { ttemu::abi::not_emulated("copy_dest_values_init (api/compute/copy_dest_values.h)"); }

}  // namespace ckernel
