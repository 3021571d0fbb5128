#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

enum class InputClamping : uint8_t { ClampToNegative = 1, None = 0 };

namespace p_sfpu {
constexpr uint16_t kCONST_1_FP16B = 0x3F80;
}

template <
    bool approx = false,
    uint32_t scale = 0x3F800000,
    InputClamping input_clamping = InputClamping::ClampToNegative,
    bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void exp_tile_init() { ttemu::abi::sfpu_init(); }

template <
    bool approx = false,
    bool scale_en = false,
    InputClamping input_clamping = InputClamping::ClampToNegative,
    int iterations = 8,
    bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void exp_tile(uint32_t idst, VectorMode vector_mode = VectorMode::RC, uint16_t scale = p_sfpu::kCONST_1_FP16B) {
    if constexpr (scale_en)
        ttemu::abi::sfpu(ttemu::abi::SfpuOp::MulScalar, idst, 0, 0, uint32_t(scale) << 16, false,
                         detail::vector_mode_faces(vector_mode));
    detail::sfpu_unary(ttemu::abi::SfpuOp::Exp, idst, 0, approx, vector_mode);
}

}  // namespace ckernel
