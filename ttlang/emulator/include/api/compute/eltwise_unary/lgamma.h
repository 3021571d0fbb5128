// v0.81.1 api/compute/eltwise_unary/lgamma.h: declared with its v0.81.1 signatures (TT-NN's kernel_lib includes it whatever
// the op) but not emulated yet: a kernel that calls a template here fails to compile at the
// call, one that calls a non-template faults when it runs, with "ttemu: <function> (<header>)
// is not emulated".
#pragma once

#include "api/compute/common_globals.h"
#include "ttemu/kernel_abi.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void lgamma_stirling_tile(uint32_t idst) {
    TTEMU_NOT_EMULATED("lgamma_stirling_tile", "api/compute/eltwise_unary/lgamma.h", is_fp32_dest_acc_en);
}

ALWI void lgamma_stirling_tile_init() { ttemu::abi::not_emulated("lgamma_stirling_tile_init (api/compute/eltwise_unary/lgamma.h)"); }

ALWI void lgamma_stirling_float_tile(uint32_t idst0, uint32_t idst1, uint32_t idst2) { ttemu::abi::not_emulated("lgamma_stirling_float_tile (api/compute/eltwise_unary/lgamma.h)"); }

ALWI void lgamma_stirling_float_tile_init() { ttemu::abi::not_emulated("lgamma_stirling_float_tile_init (api/compute/eltwise_unary/lgamma.h)"); }

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void lgamma_adjusted_tile(uint32_t idst0, uint32_t idst1, uint32_t idst2, uint32_t idst3) {
    TTEMU_NOT_EMULATED("lgamma_adjusted_tile", "api/compute/eltwise_unary/lgamma.h", is_fp32_dest_acc_en);
}

ALWI void lgamma_adjusted_tile_init() { ttemu::abi::not_emulated("lgamma_adjusted_tile_init (api/compute/eltwise_unary/lgamma.h)"); }

}  // namespace ckernel
