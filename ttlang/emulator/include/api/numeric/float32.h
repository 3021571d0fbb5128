// float32 bit helpers of v0.81.1 (api/numeric/float32.h): special values, masks and an ordering
// on the bits.
#pragma once

#include <cstdint>

inline constexpr uint32_t NEG_INF_FLOAT32 = 0xFF800000;
inline constexpr uint32_t POS_INF_FLOAT32 = 0x7F800000;
inline constexpr uint32_t NAN_FLOAT32 = 0x7FFFFFFF;
inline constexpr uint32_t FLOAT32_SIGN_MASK = 0x80000000;
inline constexpr uint32_t FLOAT32_EXPONENT_MASK = 0x7F800000;
inline constexpr uint32_t FLOAT32_MANTISSA_MASK = 0x007FFFFF;
inline constexpr uint32_t FLOAT32_MAGNITUDE_MASK = 0x7FFFFFFF;

// a > b as floats: false if either is a NaN or both are zeros (of any sign); otherwise as
// sign and magnitude.
inline bool float32_greater(uint32_t f32_a, uint32_t f32_b) {
    auto is_nan = [](uint32_t f) {
        return (f & FLOAT32_EXPONENT_MASK) == FLOAT32_EXPONENT_MASK && (f & FLOAT32_MANTISSA_MASK) != 0;
    };
    if (is_nan(f32_a) || is_nan(f32_b)) return false;
    if ((f32_a & FLOAT32_MAGNITUDE_MASK) == 0 && (f32_b & FLOAT32_MAGNITUDE_MASK) == 0) return false;
    const bool neg_a = f32_a & FLOAT32_SIGN_MASK, neg_b = f32_b & FLOAT32_SIGN_MASK;
    if (neg_a != neg_b) return !neg_a;
    return neg_a ? f32_a < f32_b : f32_a > f32_b;
}
