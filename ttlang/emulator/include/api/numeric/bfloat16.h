// bfloat16 helpers of v0.81.1 (api/numeric/bfloat16.h) for kernels that handle raw bfloat16 bits:
// the special values and masks, conversions to and from float (round to nearest even, or by
// truncation) and an ordering on the bits.
#pragma once

#include <cstdint>
#include <cstring>

#include "internal/risc_attribs.h"

inline constexpr uint16_t NEG_INF_BFLOAT16 = 0xFF80;
inline constexpr uint16_t POS_INF_BFLOAT16 = 0x7F80;
inline constexpr uint16_t NAN_BFLOAT16 = 0x7FFF;
inline constexpr uint16_t BFLOAT16_SIGN_MASK = 0x8000;
inline constexpr uint16_t BFLOAT16_EXPONENT_MASK = 0x7F80;
inline constexpr uint16_t BFLOAT16_MANTISSA_MASK = 0x007F;
inline constexpr uint16_t BFLOAT16_MAGNITUDE_MASK = 0x7FFF;

FORCE_INLINE float bf16_to_fp32(std::uint16_t bf16) {
    const std::uint32_t bits = static_cast<std::uint32_t>(bf16) << 16;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

// Round to nearest, ties to even (as the reference does: no special case for NaN).
FORCE_INLINE std::uint16_t fp32_to_bf16(float x) {
    std::uint32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    return static_cast<std::uint16_t>((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
}

FORCE_INLINE std::uint16_t fp32_to_bf16_truncate(float x) {
    std::uint32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    return static_cast<std::uint16_t>(bits >> 16);
}

// The upper and lower 16 bits of a float.
struct FloatBits {
    std::uint16_t high16;
    std::uint16_t low16;
    explicit FloatBits(float value) {
        std::uint32_t bits;
        std::memcpy(&bits, &value, sizeof bits);
        high16 = static_cast<std::uint16_t>(bits >> 16);
        low16 = static_cast<std::uint16_t>(bits & 0xFFFFu);
    }
};

// a > b on the bits as sign and magnitude: the positive one is greater when the signs differ
// (so +0 > -0), else the larger magnitude for positives and the smaller for negatives.
inline bool bfloat16_greater(uint16_t bf16_a, uint16_t bf16_b) {
    const bool neg_a = bf16_a & BFLOAT16_SIGN_MASK, neg_b = bf16_b & BFLOAT16_SIGN_MASK;
    if (neg_a != neg_b) return !neg_a;
    return neg_a ? bf16_a < bf16_b : bf16_a > bf16_b;
}
