// v0.81.1 api/compute/eltwise_unary/clamp.h: clamp_tile(idst, min, max), the bounds as float bits
// (ckernel_sfpu_clamp.h: max with min, then min with max). The int32 form needs an integer DST,
// which the emulator does not have: not emulated (not a template, so it faults when reached).
#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

ALWI void clamp_tile(uint32_t idst, uint32_t param0, uint32_t param1) {
    ttemu::abi::sfpu_ext(ttemu::abi::SfpuOp::Clamp, idst, 0, 0, idst, param0, param1, 0, 0);
}
ALWI void clamp_tile_int32(uint32_t idst, uint32_t param0, uint32_t param1) {
    ttemu::abi::not_emulated("clamp_tile_int32 (api/compute/eltwise_unary/clamp.h)");
}
ALWI void clamp_tile_init() { ttemu::abi::sfpu_init(); }

}  // namespace ckernel
