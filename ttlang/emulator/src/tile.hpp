// Data formats and whole-tile conversions. Tiles keep the hardware layout everywhere (L1, DRAM,
// DST): 32x32 as four 16x16 faces, each row-major; conversions to row-major happen only where
// an operation needs rows and columns (matmul, reduce, transpose).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

namespace ttemu {

constexpr int kTileHW = 1024;

// Format codes (tt::DataFormat).
enum : uint8_t { kFloat32 = 0, kFloat16 = 1, kFloat16_b = 5, kBfp8_b = 6, kBfp4_b = 7, kInt32 = 8, kUInt32 = 24 };

uint32_t tile_bytes(uint8_t format);  // 0 for formats the emulator does not implement
const char* format_name(uint8_t format);

inline uint32_t f2u(float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
}
inline float u2f(uint32_t u) {
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

// bfloat16 with round-to-nearest-even (the packer's and the 16-bit DST's rounding); NaN stays NaN.
inline uint16_t bf16_bits(float f) {
    uint32_t u = f2u(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((u >> 16) | 0x40);
    u += 0x7fffu + ((u >> 16) & 1u);
    return static_cast<uint16_t>(u >> 16);
}
inline float bf16_round(float f) { return u2f(uint32_t(bf16_bits(f)) << 16); }

// TF32 (1 sign, 8 exponent, 10 mantissa bits): the width of the FPU source registers SrcA/SrcB.
// Float32 data unpacked into them loses its 13 low mantissa bits (truncation).
inline float tf32_trunc(float f) { return u2f(f2u(f) & 0xffffe000u); }

// Whole-tile decode of `format` bytes into 1024 floats (face layout preserved).
void decode_tile(const uint8_t* src, uint8_t format, float* out);
// Whole-tile encode of 1024 floats into `format` bytes.
void encode_tile(const float* in, uint8_t format, uint8_t* dst);

// Face layout <-> row-major 32x32.
void faces_to_rows(const float* faces, float* rows);
void rows_to_faces(const float* rows, float* faces);

}  // namespace ttemu
