// bfloat16 on the host (v0.81.1 tt-metalium/bfloat16.hpp, global namespace): a 16-bit value with
// round-to-nearest-even conversion from any arithmetic type, and the helpers the programming
// examples use. The out-of-line functions are in the emulator library (host_utils.cpp).
#pragma once

#include <bit>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <ostream>
#include <type_traits>
#include <utility>
#include <vector>

namespace ttemu::host {
// FP32 -> BF16 bits with round-to-nearest-even; NaN maps to the canonical quiet NaN (0x7FC0).
constexpr uint16_t fp32_to_bf16_rne(float val) {
    const uint32_t u = std::bit_cast<uint32_t>(val);
    if ((u & 0x7fffffffu) > 0x7f800000u) return 0x7fc0;
    return static_cast<uint16_t>((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}
}  // namespace ttemu::host

class bfloat16 {
private:
    uint16_t uint16_data;

public:
    constexpr bfloat16() = default;

    // From any arithmetic type, through float, rounding to nearest even.
    template <class T>
        requires std::is_arithmetic_v<T>
    constexpr bfloat16(T v) noexcept : uint16_data(from_float(static_cast<float>(v))) {}

    // From float, truncating.
    static bfloat16 truncate(float float_num);

    constexpr operator float() const { return std::bit_cast<float>(static_cast<uint32_t>(uint16_data) << 16); }

    constexpr bool operator==(bfloat16 rhs) const { return static_cast<float>(*this) == static_cast<float>(rhs); }
    constexpr std::partial_ordering operator<=>(bfloat16 rhs) const noexcept {
        return static_cast<float>(*this) <=> static_cast<float>(rhs);
    }

    bfloat16& operator+=(bfloat16 rhs) noexcept;
    bfloat16& operator-=(bfloat16 rhs) noexcept;
    bfloat16& operator*=(bfloat16 rhs) noexcept;
    bfloat16& operator/=(bfloat16 rhs) noexcept;

    bfloat16 operator+(bfloat16 rhs) const;
    bfloat16 operator-(bfloat16 rhs) const;
    bfloat16 operator*(bfloat16 rhs) const;
    bfloat16 operator/(bfloat16 rhs) const;

private:
    static constexpr uint16_t from_float(float val) { return ttemu::host::fp32_to_bf16_rne(val); }
};

static_assert(sizeof(bfloat16) == 2 && std::is_trivially_copyable_v<bfloat16>);

uint16_t fp32_to_bf16_bits_round_to_nearest_even(float val);

std::ostream& operator<<(std::ostream& os, const bfloat16& bfp16);

bool operator==(const std::vector<bfloat16>& lhs, const std::vector<bfloat16>& rhs);

// first -> low 16 bits, second -> high 16 bits.
uint32_t pack_two_bfloat16_into_uint32(std::pair<bfloat16, bfloat16> two_bfloats);

// Uniform in [0, rand_max_float) + offset (std::mt19937(seed)), num_bytes / 2 values.
std::vector<bfloat16> create_random_vector_of_bfloat16_native(
    size_t num_bytes, float rand_max_float, int seed, float offset = 0.0f);

// The same, two values packed per word (first in the low half).
std::vector<std::uint32_t> create_random_vector_of_bfloat16(size_t num_bytes, int rand_max_float, int seed,
                                                            float offset = 0.0f);

std::vector<std::uint32_t> create_constant_vector_of_bfloat16(size_t num_bytes, float value);

// rows x cols zeros with ones at (i, i) for i < num_ones.
std::vector<bfloat16> create_identity_matrix(int rows, int cols, int num_ones);

std::vector<uint32_t> pack_bfloat16_vec_into_uint32_vec(const std::vector<bfloat16>& data);

bfloat16 bfloat16_identity_transform(const bfloat16& input);

std::vector<bfloat16> unpack_uint32_vec_into_bfloat16_vec(
    const std::vector<std::uint32_t>& data,
    const std::function<bfloat16(const bfloat16&)>& transform = bfloat16_identity_transform);

// The decimal renderings (std::to_string) of a and b agree in their first n significant digits.
bool equal_within_n_sig_figs(float a, float b, int n);

// True if |a - b| <= atol or |a - b| <= rtol * max(|a|, |b|); prints the values otherwise.
bool is_close(float a, float b, float rtol = 0.01f, float atol = 0.001f);
