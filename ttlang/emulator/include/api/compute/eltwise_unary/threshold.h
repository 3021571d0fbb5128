// v0.81.1 api/compute/eltwise_unary/threshold.h: threshold_tile(idst, threshold, value), both as
// float bits: value where x <= threshold, x elsewhere (tt-llk ckernel_sfpu_threshold.h).
#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

ALWI void threshold_tile(uint32_t idst, uint32_t param0, uint32_t param1) {
    ttemu::abi::sfpu_ext(ttemu::abi::SfpuOp::Threshold, idst, 0, 0, idst, param0, param1, 0, 0);
}
ALWI void threshold_tile_init() { ttemu::abi::sfpu_init(); }

}  // namespace ckernel
