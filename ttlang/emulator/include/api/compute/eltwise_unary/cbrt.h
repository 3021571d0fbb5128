// v0.81.1 api/compute/eltwise_unary/cbrt.h: the cube root (ckernel_sfpu_cbrt.h; with
// is_fp32_dest_acc_en false the LLK rounds its result to bfloat16).
#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void cbrt_tile(uint32_t idst) {
    ttemu::abi::sfpu_ext(ttemu::abi::SfpuOp::Cbrt, idst, 0, 0, idst, 0, 0, 0,
                         is_fp32_dest_acc_en ? 0 : ttemu::abi::kSfpuRoundBf16);
}

ALWI void cbrt_tile_init() { ttemu::abi::sfpu_init(); }

}  // namespace ckernel
