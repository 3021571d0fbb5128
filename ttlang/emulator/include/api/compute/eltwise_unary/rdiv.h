// v0.81.1 api/compute/eltwise_unary/rdiv.h: value / x with a scalar numerator. Declared with the
// real signatures (eltwise_sfpu.cpp includes this header whatever its op chain); not emulated yet,
// so a kernel that calls it fails to compile at the call.
#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

template <RoundingMode rounding_mode = RoundingMode::None, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void rdiv_tile(uint32_t dst_index, uint32_t value, VectorMode vector_mode = VectorMode::RC) {
    TTEMU_NOT_EMULATED("rdiv_tile", "api/compute/eltwise_unary/rdiv.h", rounding_mode);
}

// Not a template in v0.81.1: a dependent static_assert needs one, so this one faults at run time.
ALWI void rdiv_tile_init() { ttemu::abi::not_emulated("rdiv_tile_init (api/compute/eltwise_unary/rdiv.h)"); }

}  // namespace ckernel
