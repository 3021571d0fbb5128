// v0.81.1 api/compute/eltwise_unary/identity.h: the DST tile unchanged (ckernel_sfpu_identity.h
// loads and stores each row; the uint32 form moves the bits, which the emulator's DST keeps).
#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

ALWI void identity_tile(uint32_t idst) {
    ttemu::abi::sfpu_ext(ttemu::abi::SfpuOp::Identity, idst, 0, 0, idst, 0, 0, 0, 0);
}
ALWI void identity_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void identity_tile_uint32(uint32_t idst) {
    ttemu::abi::sfpu_ext(ttemu::abi::SfpuOp::Identity, idst, 0, 0, idst, 0, 0, 0, 0);
}

}  // namespace ckernel
