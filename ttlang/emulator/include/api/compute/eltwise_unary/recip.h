#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

enum class ReciprocalDestAcc : uint8_t { BF16 = 0, FP32 = 1 };
enum class ReciprocalApproxMode : uint8_t { Default = 0, Fast = 1 };

template <
    ReciprocalDestAcc dest_acc = DST_ACCUM_MODE ? ReciprocalDestAcc::FP32 : ReciprocalDestAcc::BF16,
    ReciprocalApproxMode approximation = ReciprocalApproxMode::Default>
ALWI void recip_tile_init() { ttemu::abi::sfpu_init(); }
template <
    ReciprocalDestAcc dest_acc = DST_ACCUM_MODE ? ReciprocalDestAcc::FP32 : ReciprocalDestAcc::BF16,
    ReciprocalApproxMode approximation = ReciprocalApproxMode::Default>
ALWI void recip_tile(uint32_t idst, VectorMode vector_mode = VectorMode::RC) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Recip, idst, 0, approximation == ReciprocalApproxMode::Fast, vector_mode);
}

}  // namespace ckernel
