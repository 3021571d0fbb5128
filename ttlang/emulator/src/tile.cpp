#include "tile.hpp"

#include <cmath>

namespace ttemu {

uint32_t tile_bytes(uint8_t format) {
    switch (format) {
        case kFloat32: return 4096;
        case kFloat16:
        case kFloat16_b: return 2048;
        case kBfp8_b: return 1024 + 64;
        case kBfp4_b: return 512 + 64;
        case kInt32:
        case kUInt32: return 4096;
        default: return 0;
    }
}

const char* format_name(uint8_t format) {
    switch (format) {
        case kFloat32: return "Float32";
        case kFloat16: return "Float16";
        case kFloat16_b: return "Float16_b";
        case kBfp8_b: return "Bfp8_b";
        case kBfp4_b: return "Bfp4_b";
        case kInt32: return "Int32";
        case kUInt32: return "UInt32";
        default: return "unsupported format";
    }
}

namespace {

// Bfp8_b: 64 shared 8-bit exponents (one per row of 16 values within each face, faces in order),
// then 1024 bytes of sign-magnitude mantissas (1 sign bit, 7 mantissa bits with the hidden bit
// explicit), so value = (-1)^s * (m / 64) * 2^(e - 127).
void decode_bfp8(const uint8_t* src, float* out) {
    const uint8_t* exps = src;
    const uint8_t* mant = src + 64;
    for (int i = 0; i < kTileHW; ++i) {
        const int e = exps[i / 16];
        const uint8_t m = mant[i];
        const float mag = std::ldexp(float(m & 0x7f), e - 127 - 6);
        out[i] = (m & 0x80) ? -mag : mag;
    }
}

void encode_bfp8(const float* in, uint8_t* dst) {
    uint8_t* exps = dst;
    uint8_t* mant = dst + 64;
    for (int row = 0; row < 64; ++row) {
        const float* v = in + row * 16;
        // Shared exponent: the largest biased exponent of the 16 values (via their bf16 form).
        int emax = 0;
        for (int i = 0; i < 16; ++i) emax = std::max(emax, int((bf16_bits(v[i]) >> 7) & 0xff));
        exps[row] = static_cast<uint8_t>(emax);
        for (int i = 0; i < 16; ++i) {
            const uint16_t b = bf16_bits(v[i]);
            const int e = (b >> 7) & 0xff;
            uint32_t m = e ? ((b & 0x7f) | 0x80) : 0;  // 8 bits with the hidden one
            const int shift = emax - e + 1;             // align to the shared exponent, keep 7 bits
            uint32_t q = shift >= 9 ? 0 : m >> shift;
            if (shift >= 1 && shift < 9) {               // round to nearest, ties to even
                const uint32_t rem = m & ((1u << shift) - 1), half = 1u << (shift - 1);
                if (rem > half || (rem == half && (q & 1))) ++q;
            }
            if (q > 0x7f) q = 0x7f;
            mant[row * 16 + i] = static_cast<uint8_t>(((b >> 8) & 0x80) | (q ? q : 0));
        }
    }
}

}  // namespace

void decode_tile(const uint8_t* src, uint8_t format, float* out) {
    switch (format) {
        case kFloat32: std::memcpy(out, src, 4096); return;
        case kFloat16_b: {
            const auto* h = reinterpret_cast<const uint16_t*>(src);
            for (int i = 0; i < kTileHW; ++i) out[i] = u2f(uint32_t(h[i]) << 16);
            return;
        }
        case kBfp8_b: decode_bfp8(src, out); return;
        default: break;
    }
    for (int i = 0; i < kTileHW; ++i) out[i] = NAN;
}

void encode_tile(const float* in, uint8_t format, uint8_t* dst) {
    switch (format) {
        case kFloat32: std::memcpy(dst, in, 4096); return;
        case kFloat16_b: {
            auto* h = reinterpret_cast<uint16_t*>(dst);
            for (int i = 0; i < kTileHW; ++i) h[i] = bf16_bits(in[i]);
            return;
        }
        case kBfp8_b: encode_bfp8(in, dst); return;
        default: break;
    }
}

void faces_to_rows(const float* faces, float* rows) {
    for (int f = 0; f < 4; ++f) {
        const int r0 = (f >> 1) * 16, c0 = (f & 1) * 16;
        for (int r = 0; r < 16; ++r) std::memcpy(rows + (r0 + r) * 32 + c0, faces + f * 256 + r * 16, 64);
    }
}

void rows_to_faces(const float* rows, float* faces) {
    for (int f = 0; f < 4; ++f) {
        const int r0 = (f >> 1) * 16, c0 = (f & 1) * 16;
        for (int r = 0; r < 16; ++r) std::memcpy(faces + f * 256 + r * 16, rows + (r0 + r) * 32 + c0, 64);
    }
}

}  // namespace ttemu
