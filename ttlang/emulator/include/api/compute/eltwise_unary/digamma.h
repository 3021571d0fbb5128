// v0.81.1 api/compute/eltwise_unary/digamma.h: declared with its v0.81.1 signatures (TT-NN's kernel_lib includes it whatever
// the op) but not emulated yet: a kernel that calls a template here fails to compile at the
// call, one that calls a non-template faults when it runs, with "ttemu: <function> (<header>)
// is not emulated".
#pragma once

#include "api/compute/common_globals.h"
#include "ttemu/kernel_abi.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

ALWI void digamma_tile(uint32_t idst) { ttemu::abi::not_emulated("digamma_tile (api/compute/eltwise_unary/digamma.h)"); }

ALWI void digamma_tile_init() { ttemu::abi::not_emulated("digamma_tile_init (api/compute/eltwise_unary/digamma.h)"); }

}  // namespace ckernel
