// v0.81.1 api/compute/eltwise_unary/rounding.h: declared with its v0.81.1 signatures (TT-NN's kernel_lib includes it whatever
// the op) but not emulated yet: a kernel that calls a template here fails to compile at the
// call, one that calls a non-template faults when it runs, with "ttemu: <function> (<header>)
// is not emulated".
#pragma once

#include "api/compute/common_globals.h"
#include "ttemu/kernel_abi.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

ALWI void rounding_op_tile_init() { ttemu::abi::not_emulated("rounding_op_tile_init (api/compute/eltwise_unary/rounding.h)"); }

ALWI void ceil_tile(uint32_t idst) { ttemu::abi::not_emulated("ceil_tile (api/compute/eltwise_unary/rounding.h)"); }

ALWI void floor_tile(uint32_t idst) { ttemu::abi::not_emulated("floor_tile (api/compute/eltwise_unary/rounding.h)"); }

ALWI void trunc_tile(uint32_t idst) { ttemu::abi::not_emulated("trunc_tile (api/compute/eltwise_unary/rounding.h)"); }

ALWI void round_tile(uint32_t idst, int32_t decimals) { ttemu::abi::not_emulated("round_tile (api/compute/eltwise_unary/rounding.h)"); }

ALWI void stochastic_round_tile(uint32_t idst) { ttemu::abi::not_emulated("stochastic_round_tile (api/compute/eltwise_unary/rounding.h)"); }

ALWI void frac_tile(uint32_t idst) { ttemu::abi::not_emulated("frac_tile (api/compute/eltwise_unary/rounding.h)"); }

}  // namespace ckernel
