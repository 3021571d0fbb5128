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

// Whole-tile decode of `format` bytes into 1024 floats (face layout preserved), as the unpacker
// reads L1 (Bfp8_b: see bfp8_unpack).
void decode_tile(const uint8_t* src, uint8_t format, float* out);
// Whole-tile encode of 1024 floats into `format` bytes, as the packer writes L1 (Bfp8_b: see
// bfp8_pack_row).
void encode_tile(const float* in, uint8_t format, uint8_t* dst);

// Bfp8_b (tt::DataFormat::Bfp8_b, "BFP8 with an 8-bit exponent"). A 32x32 tile is 64 shared
// exponent bytes, one per 16-datum face row (faces in order, rows in order), then 1024 datum
// bytes in the same order. A datum byte is a sign bit and a 7-bit magnitude m with no hidden bit:
// value = (-1)^s * m * 2^(e - 127 - 6).
// Bfp4_b is the same with 4-bit datums (a sign bit and a 3-bit magnitude, value = (-1)^s * m *
// 2^(e - 127 - 2)), two per byte, the first in the low nibble (tt-metal's
// create_packed_bfp_packed_as_u32: datum 0 in the low bits of each word): 64 + 512 bytes a tile.
//
// Device side (the hardware, per the Wormhole ISA documentation of the packer and UNPACR):
//   bfp8_pack_row   Dst value -> E8M6 (round to 7 significant bits, nearest, ties away from
//                   zero; zero/denormal -> +0), shared exponent = the largest E8M6 exponent of the
//                   16, each magnitude shifted to it and rounded (nearest, ties away from zero);
//                   a magnitude that rounds to 0 is written as +0.
//   bfp8_unpack     the unpacker's BFP8 -> BF16: sign with magnitude 0 reads as -infinity (the
//                   packer never writes it), otherwise the exact value.
//   bfp4_pack_row / bfp4_unpack   the same conversions with 3 significant bits (E8M2). The ISA
//                   documentation describes the packer's BFP conversion once for all BFP formats;
//                   the 3-bit case is that description at the narrower width.
// Host side (tt-metal's blockfloat_common.cpp, used by pack_as_bfp8_tiles / pack_as_bfp4_tiles and
// unpack_bfp8_tiles_into_float_vec / unpack_bfp4_tiles_into_float_vec; checked against the
// v0.81.1 libtt_metal.so's convert_u32_to_bfp<Bfp8_b / Bfp4_b, false>):
//   bfp_host_shared_exp   the largest raw fp32 exponent field of the 16 values;
//   bfp_host_encode       24-bit significand shifted right (truncating) to the shared exponent,
//                         then rounded to 7 (Bfp8_b) or 3 (Bfp4_b) bits, nearest, ties to even,
//                         saturating; zero and denormal inputs give 0; a zero magnitude drops the
//                         sign;
//   bfp_host_decode       zero magnitude -> +-0.0 (sign kept), otherwise the exact value.
// `mag_bits` is 7 (Bfp8_b) or 3 (Bfp4_b); datums are passed one per byte (sign in bit mag_bits).
void bfp8_pack_row(const float* in16, uint8_t* exp, uint8_t* mant16);
float bfp8_unpack(uint8_t datum, uint8_t exp);
void bfp4_pack_row(const float* in16, uint8_t* exp, uint8_t* datums16);
float bfp4_unpack(uint8_t datum, uint8_t exp);
uint8_t bfp_host_shared_exp(const uint32_t* bits16);
uint8_t bfp_host_encode(uint32_t fp32_bits, uint32_t shared_exp, int mag_bits);
float bfp_host_decode(uint8_t datum, uint8_t exp, int mag_bits);
inline uint8_t bfp8_host_shared_exp(const uint32_t* bits16) { return bfp_host_shared_exp(bits16); }
inline uint8_t bfp8_host_encode(uint32_t fp32_bits, uint32_t shared_exp) {
    return bfp_host_encode(fp32_bits, shared_exp, 7);
}
inline float bfp8_host_decode(uint8_t datum, uint8_t exp) { return bfp_host_decode(datum, exp, 7); }

// Face layout <-> row-major 32x32.
void faces_to_rows(const float* faces, float* rows);
void rows_to_faces(const float* rows, float* faces);
// 32x32 transpose in face layout (faces 1 and 2 swap, each face transposes); in == out allowed.
void transpose_faces(const float* in, float* out);

}  // namespace ttemu
