// v0.81.1 api/compute/eltwise_unary/softplus.h: with t = beta * x, (max(t, 0) + log(1 + e^-|t|)) *
// beta_reciprocal where t <= threshold, x elsewhere; the params are the bits of fp32 values
// (ckernel_sfpu_softplus.h). Without INP_FLOAT32 (the program factory defines it for Float32
// inputs) the LLK takes its bfloat16 path, which drops the log term for |t| > 5.
#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

namespace detail {
template <bool is_fp32_dest_acc_en>
TTEMU_ALWI void softplus(uint32_t idst, uint32_t beta, uint32_t beta_reciprocal, uint32_t threshold, uint32_t flags) {
#ifndef INP_FLOAT32
    flags |= ttemu::abi::kSfpuInpBf16;
#endif
    if constexpr (!is_fp32_dest_acc_en) flags |= ttemu::abi::kSfpuRoundBf16;
    ttemu::abi::sfpu_ext(ttemu::abi::SfpuOp::Softplus, idst, 0, 0, idst, beta, beta_reciprocal, threshold, flags);
}
}  // namespace detail

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void softplus_tile(uint32_t idst, uint32_t beta, uint32_t beta_reciprocal, uint32_t threshold) {
    detail::softplus<is_fp32_dest_acc_en>(idst, beta, beta_reciprocal, threshold, 0);
}

ALWI void softplus_tile_init() { ttemu::abi::sfpu_init(); }

// The same on the pack thread, on the DST section it holds (after tile_regs_wait).
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void softplus_tile_pack(uint32_t idst, uint32_t beta, uint32_t beta_reciprocal, uint32_t threshold) {
    detail::softplus<is_fp32_dest_acc_en>(idst, beta, beta_reciprocal, threshold, ttemu::abi::kSfpuPackThread);
}

ALWI void softplus_tile_init_pack() { ttemu::abi::sfpu_init(); }

}  // namespace ckernel
