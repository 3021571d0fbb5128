// v0.81.1 api/compute/eltwise_unary/rand.h: declared with its v0.81.1 signatures (TT-NN's kernel_lib includes it whatever
// the op) but not emulated yet: a kernel that calls a template here fails to compile at the
// call, one that calls a non-template faults when it runs, with "ttemu: <function> (<header>)
// is not emulated".
#pragma once

#include "api/compute/common_globals.h"
#include "ttemu/kernel_abi.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

ALWI void rand_tile(uint32_t idst, uint32_t from, uint32_t scale) { ttemu::abi::not_emulated("rand_tile (api/compute/eltwise_unary/rand.h)"); }

ALWI void rand_tile_init(uint32_t seed = 0, uint32_t stream_id = 0) { ttemu::abi::not_emulated("rand_tile_init (api/compute/eltwise_unary/rand.h)"); }

}  // namespace ckernel
