// v0.81.1 api/compute/eltwise_unary/clamp.h: declared with its v0.81.1 signatures (TT-NN's kernel_lib includes it whatever
// the op) but not emulated yet: a kernel that calls a template here fails to compile at the
// call, one that calls a non-template faults when it runs, with "ttemu: <function> (<header>)
// is not emulated".
#pragma once

#include "api/compute/common_globals.h"
#include "ttemu/kernel_abi.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

ALWI void clamp_tile(uint32_t idst, uint32_t param0, uint32_t param1) { ttemu::abi::not_emulated("clamp_tile (api/compute/eltwise_unary/clamp.h)"); }

ALWI void clamp_tile_int32(uint32_t idst, uint32_t param0, uint32_t param1) { ttemu::abi::not_emulated("clamp_tile_int32 (api/compute/eltwise_unary/clamp.h)"); }

ALWI void clamp_tile_init() { ttemu::abi::not_emulated("clamp_tile_init (api/compute/eltwise_unary/clamp.h)"); }

}  // namespace ckernel
