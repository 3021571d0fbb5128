// State of a core's compute engine: the DST register file, the tile_regs handshake between the
// math and pack threads, and the configuration the op inits leave behind (unpacker transposes,
// matmul transpose, the packer's reduce edge mask).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "device.hpp"
#include "tile.hpp"

namespace ttemu {

struct ComputeState {
    // 16 tiles of DST; in half-sync mode two halves of `capacity` tiles each.
    alignas(64) float dst[16][kTileHW] = {};
    // Per DST tile, one bit per DST row (16 datums; row = face * 16 + row in face): the row is
    // undefined, as ZEROACC leaves it (the packer clears the section it releases that way). The
    // memory of an undefined row holds zeros; packers and most FPU instructions read it as zero,
    // GMPOOL (max pooling) reads it as minus infinity. A write defines the row.
    uint64_t undefined[16];
    // One bit per DST tile handed to the math thread since its section was last cleared: release
    // and configure clear only those (the others still hold zeros).
    uint32_t touched = 0;
    bool fp32_acc = false;     // fp32_dest_acc_en: 32-bit DST; otherwise DST holds bfloat16 values
    bool full_sync = false;    // dst_full_sync_en
    uint8_t fidelity = 4;      // MathFidelity
    uint32_t capacity = 8;     // tiles addressable per acquire
    uint32_t halves = 2;
    enum class Half : uint8_t { Free, Math, Committed, Pack, Legacy } state[2] = {Half::Free, Half::Free};
    int math_half = -1, pack_half = -1, next_acquire = 0;
    std::deque<int> committed;
    std::vector<uint8_t> unpack_to_dest_fp32;  // per CB

    // Left by the inits (the hardware keeps them in unpacker / math / packer configuration).
    bool unpack_a_transpose_faces = false;   // copy_init(cb, transpose) / transpose_init: faces 1 <-> 2
    bool unpack_a_transpose_within = false;  // copy_init(cb, _, within) / transpose_init: each face
    bool matmul_transpose = false;           // matmul_init(in0, in1, transpose): in1 tiles transposed
    uint8_t pack_edge_mask = 0;              // reduce_init: 0 none, else 1 + ReduceAxis (until reduce_uninit)
    bool pack_l1_acc = false;                // pack_reconfig_l1_acc(1): the packer adds to the L1 tile
    uint8_t pack_relu = 0;                   // pack_relu_config: ckernel::ReluType
    float pack_relu_threshold = 0;

    void configure(const KernelImage& k);
    float* math_tile(uint32_t idst, const char* fn);  // DST tile written by the math thread
    float* pack_tile(uint32_t idst, const char* fn);  // DST tile read by the packer
    void store(float* d, const float* v);             // write a whole tile with the DST format's rounding
    float round(float v) const { return fp32_acc ? v : bf16_round(v); }  // a DST write
    uint32_t tile_of(const float* d) const { return static_cast<uint32_t>((d - dst[0]) / kTileHW); }
    uint64_t& undefined_rows(const float* d) { return undefined[tile_of(d)]; }
    void release(int half);  // ZEROACC of a DST section
};

// Helpers shared by the compute API implementations (compute.cpp, compute_ops.cpp).
namespace detail {

std::string fmt(const char* f, ...) __attribute__((format(printf, 1, 2)));

// The kernel thread making a compute API call; faults outside a compute kernel.
Thread& enter(const void* pc);

// The configured CB `cb` of the current core, checked to hold a format the compute engine implements.
CircularBuffer& cb_of(Thread& t, uint32_t cb, const char* fn);

// The L1 bytes of tile `tile` of `cb` (counted from the CB's read pointer, which must have been
// waited for), for an unpacker that reads them; counted as unpacked.
const uint8_t* tile_l1(Thread& t, uint32_t cb, uint32_t tile, const char* fn);

// Unpacks tile `tile` (counted from the CB's read pointer, which must have been waited for) into
// 1024 floats in face layout. Unless `to_dest` (UnpackToDestFp32 with fp32_dest_acc_en), the
// values land in SrcA/SrcB, which hold TF32: Float32 data keeps 10 mantissa bits (truncated).
void unpack(Thread& t, uint32_t cb, uint32_t tile, float* out, bool to_dest, const char* fn);

// True if copies from `cb` go straight to DST in 32 bits (UnpackToDestFp32 with fp32_dest_acc_en).
bool unpacks_to_dest(const ComputeState& cs, uint32_t cb);

// Moves a DST tile into SrcA/SrcB (TF32).
void to_src(float* v);

// The packer writing DST tile `d` (1024 floats, face layout) to the L1 tile at `p` of CB `c`:
// the edge mask a reduce_init left, L1 accumulation and ReLU, then the CB's format.
void pack_to(Thread& t, CircularBuffer& c, uint8_t* p, const float* d);

// The FPU multiplier. SrcA feeds it in two parts of its mantissa (the implicit one and 4 bits,
// then the next 6), SrcB in two parts (the implicit one and 6 bits, then the next 4). Fidelity
// phase 0 (LoFi) multiplies the high parts; HiFi2 adds SrcA-low x SrcB-high, HiFi3 adds
// SrcA-high x SrcB-low, HiFi4 the full product. The partial products are exact in fp32, and the
// phases of one product are summed inside the FPU (one rounding): fpu_product is that sum.
inline float hi_bits(float v, uint32_t mask) { return u2f(f2u(v) & mask); }
inline float srca_hi(float v) { return hi_bits(v, 0xfff80000u); }
inline float srcb_hi(float v) { return hi_bits(v, 0xfffe0000u); }
inline float fpu_product(float srca, float srcb, int fidelity) {
    switch (fidelity) {
        case 0:
        case 1: return srca_hi(srca) * srcb_hi(srcb);
        case 2: return srca * srcb_hi(srcb);
        case 3: return srca * srcb_hi(srcb) + srca_hi(srca) * (srcb - srcb_hi(srcb));
        default: return srca * srcb;
    }
}

}  // namespace detail

#define TTEMU_ENTER()                                           \
    Thread& t = ::ttemu::detail::enter(__builtin_return_address(0)); \
    ComputeState& cs = *t.compute

}  // namespace ttemu
