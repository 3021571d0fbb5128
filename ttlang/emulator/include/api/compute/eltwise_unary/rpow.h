// v0.81.1 api/compute/eltwise_unary/rpow.h: base ** x with a scalar base. Declared with the real
// signatures (eltwise_sfpu.cpp includes this header whatever its op chain); not emulated yet, so a
// kernel that calls it fails to compile at the call.
#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void rpow_tile(uint32_t idst, uint32_t base_val, VectorMode vector_mode = VectorMode::RC) {
    TTEMU_NOT_EMULATED("rpow_tile", "api/compute/eltwise_unary/rpow.h", is_fp32_dest_acc_en);
}

// Not a template in v0.81.1: a dependent static_assert needs one, so this one faults at run time.
ALWI void rpow_tile_init() { ttemu::abi::not_emulated("rpow_tile_init (api/compute/eltwise_unary/rpow.h)"); }

}  // namespace ckernel
