// v0.81.1 api/compute/eltwise_unary/isinf_isnan.h: declared with its v0.81.1 signatures (TT-NN's kernel_lib includes it whatever
// the op) but not emulated yet: a kernel that calls a template here fails to compile at the
// call, one that calls a non-template faults when it runs, with "ttemu: <function> (<header>)
// is not emulated".
#pragma once

#include "api/compute/common_globals.h"
#include "ttemu/kernel_abi.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

ALWI void isinf_tile(uint32_t idst) { ttemu::abi::not_emulated("isinf_tile (api/compute/eltwise_unary/isinf_isnan.h)"); }

ALWI void isinf_tile_init() { ttemu::abi::not_emulated("isinf_tile_init (api/compute/eltwise_unary/isinf_isnan.h)"); }

ALWI void isposinf_tile(uint32_t idst) { ttemu::abi::not_emulated("isposinf_tile (api/compute/eltwise_unary/isinf_isnan.h)"); }

ALWI void isposinf_tile_init() { ttemu::abi::not_emulated("isposinf_tile_init (api/compute/eltwise_unary/isinf_isnan.h)"); }

ALWI void isneginf_tile(uint32_t idst) { ttemu::abi::not_emulated("isneginf_tile (api/compute/eltwise_unary/isinf_isnan.h)"); }

ALWI void isneginf_tile_init() { ttemu::abi::not_emulated("isneginf_tile_init (api/compute/eltwise_unary/isinf_isnan.h)"); }

ALWI void isnan_tile(uint32_t idst) { ttemu::abi::not_emulated("isnan_tile (api/compute/eltwise_unary/isinf_isnan.h)"); }

ALWI void isnan_tile_init() { ttemu::abi::not_emulated("isnan_tile_init (api/compute/eltwise_unary/isinf_isnan.h)"); }

ALWI void isfinite_tile(uint32_t idst) { ttemu::abi::not_emulated("isfinite_tile (api/compute/eltwise_unary/isinf_isnan.h)"); }

ALWI void isfinite_tile_init() { ttemu::abi::not_emulated("isfinite_tile_init (api/compute/eltwise_unary/isinf_isnan.h)"); }

}  // namespace ckernel
