#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

ALWI void sqrt_tile_init() { ttemu::abi::sfpu_init(); }
template <bool FAST_APPROX = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void sqrt_tile(uint32_t idst) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Sqrt, idst, 0, FAST_APPROX);
}

}  // namespace ckernel
