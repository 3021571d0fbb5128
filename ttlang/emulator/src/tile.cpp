#include "tile.hpp"

#include <algorithm>
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

void decode_bfp8(const uint8_t* src, float* out) {
    const uint8_t* exps = src;
    const uint8_t* mant = src + 64;
    for (int i = 0; i < kTileHW; ++i) out[i] = bfp8_unpack(mant[i], exps[i / 16]);
}

void encode_bfp8(const float* in, uint8_t* dst) {
    for (int row = 0; row < 64; ++row) bfp8_pack_row(in + row * 16, dst + row, dst + 64 + row * 16);
}

// Bfp4_b datums, two per byte: datum 2k in the low nibble of byte k, 2k + 1 in the high one.
void decode_bfp4(const uint8_t* src, float* out) {
    const uint8_t* exps = src;
    const uint8_t* data = src + 64;
    for (int i = 0; i < kTileHW; ++i) out[i] = bfp4_unpack((data[i / 2] >> (4 * (i & 1))) & 0xfu, exps[i / 16]);
}

void encode_bfp4(const float* in, uint8_t* dst) {
    for (int row = 0; row < 64; ++row) {
        uint8_t d[16];
        bfp4_pack_row(in + row * 16, dst + row, d);
        for (int j = 0; j < 8; ++j) dst[64 + row * 8 + j] = static_cast<uint8_t>(d[2 * j] | (d[2 * j + 1] << 4));
    }
}

// The normal float sign * mag * 2^(exp - 127 - (mag_bits - 1)) for 1 <= mag < 2^mag_bits,
// exactly, via its bits.
inline float bfp_value(uint8_t datum, int exp, int mag_bits) {
    const uint32_t mask = (1u << mag_bits) - 1;
    const uint32_t mag = datum & mask;
    const int lz = __builtin_clz(mag) - (32 - mag_bits);  // leading zeros of the magnitude
    const int e = exp - lz;
    const uint32_t frac = (mag << (lz + 1)) & mask;  // the top mantissa bits, hidden one dropped
    return u2f((uint32_t((datum >> mag_bits) & 1u) << 31) | (uint32_t(e) << 23) | (frac << (23 - mag_bits)));
}

// The packer's conversion of 16 DST values to one BFP row of mag_bits-bit magnitudes.
void bfp_pack_row(const float* in16, uint8_t* exp, uint8_t* datums16, int mag_bits) {
    const uint32_t one = 1u << mag_bits;      // the carry out of a rounded magnitude
    const int drop = 24 - mag_bits;            // significand bits below the magnitude
    int e[16];
    uint32_t m[16];
    int emax = 0;
    for (int i = 0; i < 16; ++i) {
        const uint32_t u = f2u(in16[i]);
        int ex = int((u >> 23) & 0xffu);
        uint32_t r = 0;
        if (ex == 0) {
            r = 0;  // zero and denormals flush to +0
        } else if (ex == 255) {
            r = one >> 1;  // infinity; NaN becomes infinity too
        } else {
            // mag_bits significant bits, round to nearest with ties away from zero.
            r = (((u & 0x7fffffu) | 0x800000u) + (1u << (drop - 1))) >> drop;
            if (r == one) {
                r = one >> 1;
                ++ex;
            }
        }
        e[i] = r ? ex : 0;
        m[i] = r;
        emax = std::max(emax, e[i]);
    }
    *exp = static_cast<uint8_t>(emax);
    for (int i = 0; i < 16; ++i) {
        const int sh = emax - e[i];
        uint32_t q = 0;
        if (m[i] && sh <= mag_bits) q = sh == 0 ? m[i] : (m[i] + (1u << (sh - 1))) >> sh;  // ties away from zero
        datums16[i] = q ? static_cast<uint8_t>((((f2u(in16[i]) >> 31) & 1u) << mag_bits) | q) : 0;
    }
}

// The unpacker's BFP -> BF16 (see tile.hpp).
float bfp_unpack(uint8_t datum, uint8_t exp, int mag_bits) {
    const uint32_t mag = datum & ((1u << mag_bits) - 1);
    if (!mag) return ((datum >> mag_bits) & 1u) ? -INFINITY : 0.0f;
    const int lz = __builtin_clz(mag) - (32 - mag_bits);
    if (int(exp) - lz <= 0) return 0.0f;  // the hardware's exponent would wrap; only below 2^-120
    return bfp_value(datum, exp, mag_bits);
}

}  // namespace

void bfp8_pack_row(const float* in16, uint8_t* exp, uint8_t* mant16) { bfp_pack_row(in16, exp, mant16, 7); }
float bfp8_unpack(uint8_t datum, uint8_t exp) { return bfp_unpack(datum, exp, 7); }
void bfp4_pack_row(const float* in16, uint8_t* exp, uint8_t* datums16) { bfp_pack_row(in16, exp, datums16, 3); }
float bfp4_unpack(uint8_t datum, uint8_t exp) { return bfp_unpack(datum, exp, 3); }

uint8_t bfp_host_shared_exp(const uint32_t* bits16) {
    uint32_t emax = 0;
    for (int i = 0; i < 16; ++i) emax = std::max(emax, (bits16[i] >> 23) & 0xffu);
    return static_cast<uint8_t>(emax);
}

uint8_t bfp_host_encode(uint32_t bits, uint32_t shared_exp, int mag_bits) {
    const uint32_t ex = (bits >> 23) & 0xffu;
    if (ex == 0) return 0;
    uint32_t sig = (bits & 0x7fffffu) | 0x800000u;
    if (shared_exp > ex) {
        const uint32_t d = shared_exp - ex;
        sig = d >= 32 ? 0 : sig >> d;
    }
    const int drop = 24 - mag_bits;
    const uint32_t tie = 1u << (drop - 1);
    const uint32_t rest = sig & ((1u << drop) - 1);
    uint32_t q = sig >> drop;
    if (rest > tie || (rest == tie && (q & 1))) ++q;  // nearest, ties to even
    q = std::min(q, (1u << mag_bits) - 1);
    return q ? static_cast<uint8_t>((((bits >> 31) & 1u) << mag_bits) | q) : 0;
}

float bfp_host_decode(uint8_t datum, uint8_t exp, int mag_bits) {
    const uint32_t mag = datum & ((1u << mag_bits) - 1);
    const bool neg = (datum >> mag_bits) & 1u;
    if (!mag) return neg ? -0.0f : 0.0f;
    const float v = std::ldexp(float(mag), int(exp) - 127 - (mag_bits - 1));
    return neg ? -v : v;
}

void decode_tile(const uint8_t* src, uint8_t format, float* out) {
    switch (format) {
        case kFloat32: std::memcpy(out, src, 4096); return;
        case kFloat16_b: {
            const auto* h = reinterpret_cast<const uint16_t*>(src);
            for (int i = 0; i < kTileHW; ++i) out[i] = u2f(uint32_t(h[i]) << 16);
            return;
        }
        case kBfp8_b: decode_bfp8(src, out); return;
        case kBfp4_b: decode_bfp4(src, out); return;
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
        case kBfp4_b: encode_bfp4(in, dst); return;
        default: break;
    }
}

void faces_to_rows(const float* faces, float* rows) {
    for (int f = 0; f < 4; ++f) {
        const int r0 = (f >> 1) * 16, c0 = (f & 1) * 16;
        for (int r = 0; r < 16; ++r) std::memcpy(rows + (r0 + r) * 32 + c0, faces + f * 256 + r * 16, 64);
    }
}

void transpose_faces(const float* in, float* out) {
    alignas(64) float t[kTileHW];
    for (int r = 0; r < 32; ++r)
        for (int c = 0; c < 32; ++c)
            t[((c >> 4) * 2 + (r >> 4)) * 256 + (c & 15) * 16 + (r & 15)] =
                in[((r >> 4) * 2 + (c >> 4)) * 256 + (r & 15) * 16 + (c & 15)];
    std::memcpy(out, t, sizeof t);
}

void rows_to_faces(const float* rows, float* faces) {
    for (int f = 0; f < 4; ++f) {
        const int r0 = (f >> 1) * 16, c0 = (f & 1) * 16;
        for (int r = 0; r < 16; ++r) std::memcpy(faces + f * 256 + r * 16, rows + (r0 + r) * 32 + c0, 64);
    }
}

}  // namespace ttemu
