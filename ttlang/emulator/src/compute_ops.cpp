// The compute engine's matrix-unit operations beyond element-wise math: matmul, reduce,
// transpose and broadcast binary ops, bit-faithful to the data formats (see compute.cpp for the
// register formats, and compute.hpp for the FPU multiplier model, detail::fpu_product).
//
// What the Wormhole LLK does, and what is modelled here (references are to tt-llk
// tt_llk_wormhole_b0/llk_lib and to the Wormhole ISA documentation of the instructions):
//
// matmul (llk_math_matmul.h, llk_unpack_AB_matmul.h). in0 goes to SrcB, in1 to SrcA; MVMUL
//   computes DST[8x16] += SrcB[8x16] @ SrcA[16x16], so a 32x32x32 tile product is, per output
//   face, two MVMUL pairs: k = 0..15, then k = 16..31, each accumulated into DST (one DST
//   rounding per 16-deep partial sum; the partial sum itself is summed in fp32, k ascending).
//   The fidelity phases of a product are summed inside the FPU (detail::fpu_product), so HiFi4
//   is the exact product of the TF32 operands. matmul_init(in0, in1, transpose != 0) makes the
//   unpacker transpose every in1 tile (faces 1 <-> 2 and within each face): DST += A @ B^T.
//   matmul_block: for r < rt_dim, c < ct_dim,
//   DST[idst + r * ct_dim + c] += in0[in0_tile + r * kt_dim] @ in1[in1_tile + c].
//
// reduce (llk_math_reduce.h, llk_unpack_AB_reduce.h, _llk_pack_reduce_mask_config_):
//   SUM/AVG, REDUCE_ROW: the scaler tile goes to SrcA transposed within each face, the data to
//     SrcB, and MVMUL computes per data face f and scaler face g (g = f % 2: data faces 0,1 use
//     scaler faces 0,1, and so do data faces 2,3)  D[r][c] += sum_k data_f[r][k] * scaler_g[c][k],
//     faces 0 and 1 into DST face 0, faces 2 and 3 into DST face 2. Column 0 of the result is
//     the row sum weighted by row 0 of the scaler tile (scaler[0][k] multiplies data column k);
//     column c of DST faces 0/2 is weighted by scaler row c (the packer masks it). DST faces 1
//     and 3 are not written.
//   SUM/AVG, REDUCE_COL: per data face f, GAPOOL adds sum_k scaler_f[0][k] * data_f[k][c] (row 0
//     of scaler face f weights row k of data face f) into row 0 of DST face f % 2 (faces 0 then 2
//     into face 0, 1 then 3 into face 1).
//   SUM/AVG, REDUCE_SCALAR: the same column pass for all four faces into a scratch row (DST row
//     4), which is then moved to SrcA as a column and pooled again with row 0 of scaler face 3:
//     DST[0][0] += sum_i scaler_3[0][i] * colsum[i]. (So AVG wants 1/sqrt(N) in the scaler.)
//   MAX: GMPOOL. Each datum is scaled by 2^(exponent of the scaler element) - only the exponent,
//     a zero scaler element excludes the datum - and max-combined with the DST row (an undefined,
//     freshly released DST row counts as minus infinity, so the first max is the max of the
//     data). REDUCE_ROW: data faces are transposed into SrcA and scaler face f row 0 (element i)
//     scales data column i of face f; the result lands in DST row 0 and column 0 of face 0 (faces
//     0,1) and face 2 (faces 2,3); the other datums of those faces are zero. REDUCE_COL: scaler
//     face f row 0 element i scales data row i; result in row 0 of DST face f % 2, rows 1-3
//     zero. REDUCE_SCALAR: column maxima of all faces in the scratch row, then pooled as a column
//     with row 0 of scaler face 3; result DST[0][0].
//   Every reduce accumulates into DST (sum, or max) across calls until the DST section is
//   released. reduce_init programs the packer's edge mask (until reduce_uninit): only the result
//   datums are packed, everything else is written as zero (see pack_tile).
//   Datums the hardware leaves unspecified (scratch rows, lanes fed by stale source-register
//   rows) are modelled as zero or unchanged; the packer's mask hides all of them.
//
// transpose_tile (transpose.h): the unpacker transposes faces and within faces: DST = A^T.
//
// broadcast (llk_unpack_AB.h, llk_math_eltwise_binary.h), C = A op B':
//   COL:    B'[r][c] = B[r][0]        (SrcB face 0 serves A faces 0,1 and face 2 serves 2,3;
//                                      ELWADD/SUB/MUL broadcast SrcB column 0)
//   ROW:    B'[r][c] = B[row][c]      (row = bcast_row_idx, default 0: row 0 of B faces 0 and 1
//                                      for every A face; ELW* broadcast the SrcB row)
//   SCALAR: B'[r][c] = B[0][0]
//   Multiplication uses the kernel's math fidelity; addition and subtraction are exact sums.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include "compute.hpp"
#include "timing/record.hpp"
#include "matmul_kernels.hpp"
#include "ttemu/kernel_abi.h"

namespace ttemu {
namespace {

using namespace detail;

inline float& at(float* t, int f, int r, int c) { return t[f * 256 + r * 16 + c]; }
inline float at(const float* t, int f, int r, int c) { return t[f * 256 + r * 16 + c]; }

// ---------------------------------------------------------------------------------------------
// Operand parts for the multiplier model. At `fidelity`, fpu_product(srca, srcb) equals
// b1 * a1 + b2 * a2 (in that order, each partial product exact), where
//   LoFi:  b1 = SrcB-high, a1 = SrcA-high              HiFi2: b1 = SrcB-high, a1 = SrcA
//   HiFi4: b1 = SrcB,      a1 = SrcA                   HiFi3: as HiFi2, plus b2 = SrcB-low, a2 = SrcA-high
// and the second term is zero except at HiFi3.
inline bool two_terms(int fidelity) { return fidelity == 3; }

void split_srcb(const float* v, int n, int fidelity, float* b1, float* b2) {
    for (int i = 0; i < n; ++i) {
        const float h = srcb_hi(v[i]);
        b1[i] = fidelity >= 4 ? v[i] : h;
        if (b2) b2[i] = fidelity == 3 ? v[i] - h : 0.0f;
    }
}

void split_srca(const float* v, int n, int fidelity, float* a1, float* a2) {
    for (int i = 0; i < n; ++i) {
        const float h = srca_hi(v[i]);
        a1[i] = fidelity <= 1 ? h : v[i];
        if (a2) a2[i] = fidelity == 3 ? h : 0.0f;
    }
}

// ---------------------------------------------------------------------------------------------
// Matmul

// Operands of the matmul kernels, in face layout: x (and x2) from the in0 tile (SrcB), y (and y2)
// from the in1 tile (SrcA), split for the fidelity as in split_srcb / split_srca.
struct MatA {
    alignas(64) float x[kTileHW];
    alignas(64) float x2[kTileHW];
};
struct MatB {
    alignas(64) float y[kTileHW];
    alignas(64) float y2[kTileHW];
};

// SrcB: LoFi, HiFi2, HiFi3 use the high part (x), HiFi3 adds the low part (x2); HiFi4 all of it.
// SrcA: LoFi uses the high part; HiFi2 and up all of it (y), HiFi3 adds the high part (y2).
inline uint32_t srcb_mask(int fidelity) { return fidelity >= 4 ? 0xffffffffu : 0xfffe0000u; }
inline uint32_t srca_mask(int fidelity) { return fidelity <= 1 ? 0xfff80000u : 0xffffffffu; }

// Unpacks tile `tile` of `cb` into an operand (as unpack() does, then the in1 transpose if
// configured); bfloat16 data goes straight from L1 into the split, in one pass.
void load_operand(Thread& t, uint32_t cb, uint32_t tile, bool transpose, uint32_t m1, uint32_t m2, bool diff,
                  bool two, float* o1, float* o2, const char* fn) {
    const MatmulKernels& k = matmul_kernels();
    const uint8_t* p = tile_l1(t, cb, tile, fn);
    const uint8_t format = t.core->cbs[cb].format;
    if (!transpose && format == kFloat16_b) {
        k.split_bf16(reinterpret_cast<const uint16_t*>(p), m1, m2, diff, o1, two ? o2 : nullptr);
        return;
    }
    alignas(64) float v[kTileHW];
    decode_tile(p, format, v);
    if (format == kFloat32) to_src(v);  // SrcA/SrcB hold TF32
    if (transpose) transpose_faces(v, v);
    k.split(v, m1, m2, diff, o1, two ? o2 : nullptr);
}

void matmul_tile(ComputeState& cs, float* d, const MatA& a, const MatB& b) {
    const bool two = two_terms(cs.fidelity);
    matmul_kernels().tile[two][cs.fp32_acc](a.x, b.y, a.x2, b.y2, d);
    cs.undefined_rows(d) = 0;
}

// ---------------------------------------------------------------------------------------------
// Reduce

// GMPOOL's reading of a SrcA datum scaled by a SrcB datum (ReadAndScaleSrc): only the scaler's
// exponent is used; a zero scaler gives minus infinity, a zero (or denormal) datum gives zero.
// `tf32` is the SrcA style: TF32 keeps 10 mantissa bits, BF16 7.
inline float pool_scale(float v, float scaler, bool tf32) {
    const int es = int((f2u(scaler) >> 23) & 0xffu);
    if (es == 0) return -INFINITY;
    const uint32_t u = f2u(v);
    if (((u >> 23) & 0xffu) == 0) return 0.0f;
    return std::ldexp(u2f(u & (tf32 ? 0xffffe000u : 0xffff0000u)), es - 127);
}

// GMPOOL's reading of a DST datum (undefined rows read as minus infinity) and its write back.
inline float pool_read_dst(const ComputeState& cs, const float* d, int row, int col) {
    if (cs.undefined[cs.tile_of(d)] >> row & 1) return -INFINITY;
    const uint32_t u = f2u(d[row * 16 + col]);
    return u2f(u & (cs.fp32_acc ? 0xffffe000u : 0xffff0000u));
}
inline float pool_write_dst(const ComputeState& cs, float v) {
    return u2f(f2u(v) & (cs.fp32_acc ? 0xffffe000u : 0xffff0000u));
}

inline void define_rows(ComputeState& cs, float* d, int first, int count) {
    cs.undefined_rows(d) &= ~(((count >= 64 ? 0ull : (1ull << count)) - 1) << first);
}

void reduce_max(ComputeState& cs, abi::ReduceAxis axis, const float* data, const float* scaler, bool tf32,
                float* d) {
    if (axis == abi::ReduceAxis::Row) {
        for (int half = 0; half < 2; ++half) {
            const int df = 2 * half;
            float acc[16];
            for (int j = 0; j < 16; ++j) acc[j] = pool_read_dst(cs, d, df * 16, j);
            for (int side = 0; side < 2; ++side) {
                const int f = df + side;
                for (int j = 0; j < 16; ++j)  // SrcA = data face transposed: column j is data row j
                    for (int i = 0; i < 16; ++i) {
                        const float v = pool_scale(at(data, f, j, i), at(scaler, f, 0, i), tf32);
                        if (v >= acc[j]) acc[j] = v;
                    }
            }
            // The pooled row is written to DST row 0, then transposed through SrcB and added
            // back (ELWADD) into all 16 rows of the face: row 0 and column 0 hold the maxima.
            for (int r = 0; r < 16; ++r)
                for (int c = 0; c < 16; ++c) at(d, df, r, c) = 0.0f;
            for (int j = 0; j < 16; ++j) at(d, df, 0, j) = at(d, df, j, 0) = pool_write_dst(cs, acc[j]);
            define_rows(cs, d, df * 16, 16);
        }
    } else if (axis == abi::ReduceAxis::Col) {
        for (int f = 0; f < 4; ++f) {
            const int df = f % 2;
            for (int j = 0; j < 16; ++j) {
                float acc = pool_read_dst(cs, d, df * 16, j);
                for (int i = 0; i < 16; ++i) {
                    const float v = pool_scale(at(data, f, i, j), at(scaler, f, 0, i), tf32);
                    if (v >= acc) acc = v;
                }
                at(d, df, 0, j) = pool_write_dst(cs, acc);
                for (int r = 1; r < 4; ++r) at(d, df, r, j) = 0.0f;
            }
            define_rows(cs, d, df * 16, 4);
        }
    } else {
        float s[16];
        for (int f = 0; f < 4; ++f) {
            for (int j = 0; j < 16; ++j) {
                float acc = pool_read_dst(cs, d, 4, j);
                for (int i = 0; i < 16; ++i) {
                    const float v = pool_scale(at(data, f, i, j), at(scaler, f, 0, i), tf32);
                    if (v >= acc) acc = v;
                }
                d[4 * 16 + j] = pool_write_dst(cs, acc);
                for (int r = 5; r < 8; ++r) d[r * 16 + j] = 0.0f;
            }
            define_rows(cs, d, 4, 4);
        }
        for (int j = 0; j < 16; ++j) s[j] = d[4 * 16 + j];
        for (int j = 0; j < 16; ++j) d[4 * 16 + j] = 0.0f;  // ZEROACC of the scratch row
        cs.undefined_rows(d) |= 1ull << 4;
        // SrcA column 0 holds the column maxima (the other columns are modelled as zero).
        for (int j = 0; j < 16; ++j) {
            float acc = pool_read_dst(cs, d, 0, j);
            for (int i = 0; i < 16; ++i) {
                const float v = pool_scale(j == 0 ? s[i] : 0.0f, at(scaler, 3, 0, i), tf32);
                if (v >= acc) acc = v;
            }
            d[j] = pool_write_dst(cs, acc);
            for (int r = 1; r < 4; ++r) d[r * 16 + j] = 0.0f;
        }
        define_rows(cs, d, 0, 4);
    }
}

void reduce_sum(ComputeState& cs, abi::ReduceAxis axis, const float* data, const float* scaler, float* d) {
    const int fid = cs.fidelity;
    if (axis == abi::ReduceAxis::Row) {
        // MVMUL: SrcB = data face (rows r, k), SrcA = scaler face transposed (SrcA[k][c] = scaler[c][k]).
        alignas(64) float b1[kTileHW], b2[kTileHW], a1[kTileHW], a2[kTileHW];
        split_srcb(data, kTileHW, fid, b1, b2);
        split_srca(scaler, kTileHW, fid, a1, a2);
        for (int half = 0; half < 2; ++half) {
            const int df = 2 * half;
            for (int side = 0; side < 2; ++side) {
                const int f = df + side, g = side;
                for (int r = 0; r < 16; ++r) {
                    float p[16] = {};
                    for (int k = 0; k < 16; ++k) {
                        const float x1 = at(b1, f, r, k), x2 = at(b2, f, r, k);
                        for (int c = 0; c < 16; ++c) p[c] += x1 * at(a1, g, c, k) + x2 * at(a2, g, c, k);
                    }
                    for (int c = 0; c < 16; ++c) at(d, df, r, c) = cs.round(at(d, df, r, c) + p[c]);
                }
            }
            define_rows(cs, d, df * 16, 16);
        }
        return;
    }
    // GAPOOL: DST row += SrcB row 0 (scaler face f, row 0) @ SrcA (data face f).
    alignas(64) float a1[kTileHW], a2[kTileHW];
    split_srca(data, kTileHW, fid, a1, a2);
    float sb1[4][16], sb2[4][16];
    for (int f = 0; f < 4; ++f) split_srcb(scaler + f * 256, 16, fid, sb1[f], sb2[f]);
    auto pool = [&](int f, float* row) {  // row[c] += sum_k scaler_f[0][k] * data_f[k][c]
        float p[16] = {};
        for (int k = 0; k < 16; ++k)
            for (int c = 0; c < 16; ++c) p[c] += sb1[f][k] * at(a1, f, k, c) + sb2[f][k] * at(a2, f, k, c);
        for (int c = 0; c < 16; ++c) row[c] = cs.round(row[c] + p[c]);
    };
    if (axis == abi::ReduceAxis::Col) {
        for (int f = 0; f < 4; ++f) {
            pool(f, &at(d, f % 2, 0, 0));
            define_rows(cs, d, (f % 2) * 16, 4);
        }
        return;
    }
    float* scratch = d + 4 * 16;  // DST row 4 (face 0)
    for (int f = 0; f < 4; ++f) pool(f, scratch);
    // MOVD2B + TRNSPSRCB + MOVB2A: the 16 column sums become SrcA column 0.
    alignas(64) float col[kTileHW] = {};
    for (int i = 0; i < 16; ++i) col[i * 16] = tf32_trunc(scratch[i]);
    std::memset(scratch, 0, 16 * sizeof(float));  // ZEROACC of the scratch row
    define_rows(cs, d, 4, 4);
    cs.undefined_rows(d) |= 1ull << 4;
    float c1[kTileHW], c2[kTileHW];
    split_srca(col, 256, fid, c1, c2);
    float p = 0.0f;  // GAPOOL with SrcB = row 0 of scaler face 3 (the last one unpacked)
    for (int i = 0; i < 16; ++i) p += sb1[3][i] * c1[i * 16] + sb2[3][i] * c2[i * 16];
    d[0] = cs.round(d[0] + p);
    define_rows(cs, d, 0, 4);
}

// B' of a broadcast binary op (see the header comment).
void broadcast(abi::Bcast b, const float* in, uint32_t row, float* out) {
    switch (b) {
        case abi::Bcast::None: std::memcpy(out, in, kTileHW * sizeof(float)); break;
        case abi::Bcast::Col:
            for (int f = 0; f < 4; ++f)
                for (int r = 0; r < 16; ++r)
                    for (int c = 0; c < 16; ++c) at(out, f, r, c) = at(in, f & 2, r, 0);
            break;
        case abi::Bcast::Row: {
            const int rf = row < 16 ? 0 : 2, rr = int(row % 16);
            for (int f = 0; f < 4; ++f)
                for (int r = 0; r < 16; ++r)
                    for (int c = 0; c < 16; ++c) at(out, f, r, c) = at(in, rf + (f & 1), rr, c);
            break;
        }
        case abi::Bcast::Scalar:
            for (int i = 0; i < kTileHW; ++i) out[i] = in[0];
            break;
    }
}

const char* bcast_name(abi::BinaryOp op, abi::Bcast b) {
    static const char* names[3][4] = {{"add_tiles", "add_tiles_bcast_cols", "add_tiles_bcast_rows", "add_tiles_bcast_scalar"},
                                      {"sub_tiles", "sub_tiles_bcast_cols", "sub_tiles_bcast_rows", "sub_tiles_bcast_scalar"},
                                      {"mul_tiles", "mul_tiles_bcast_cols", "mul_tiles_bcast_rows", "mul_tiles_bcast_scalar"}};
    return names[static_cast<int>(op)][static_cast<int>(b)];
}

}  // namespace

namespace abi {

void transpose_tile(uint32_t cb, uint32_t tile, uint32_t idst) {
    TTEMU_ENTER();
    float* d = cs.math_tile(idst, "transpose_tile");
    alignas(64) float v[kTileHW];
    unpack(t, cb, tile, v, unpacks_to_dest(cs, cb), "transpose_tile");
    transpose_faces(v, v);
    cs.store(d, v);
    ++t.counters.eltwise_tiles;
    timing::record_op(t, timing::kTransposeTile, timing::unpack_tile(t, t.core->cbs[cb].format), &timing::Costs::transpose);
}

void transpose_dest(uint32_t idst, bool transpose_of_faces, bool is_32bit) {
    TTEMU_ENTER();
    float* d = cs.math_tile(idst, "transpose_dest");
    alignas(64) float v[kTileHW];
    std::memcpy(v, d, sizeof v);
    if (cs.fp32_acc && !is_32bit) to_src(v);  // the 16-bit path moves DST through SrcA
    if (transpose_of_faces) {
        transpose_faces(v, v);
    } else {
        for (int f = 0; f < 4; ++f)
            for (int r = 0; r < 16; ++r)
                for (int c = 0; c < r; ++c) std::swap(at(v, f, r, c), at(v, f, c, r));
    }
    cs.store(d, v);
    timing::record_op(t, timing::kTransposeDest, 0, &timing::Costs::transpose, 2);  // DST -> SrcA -> DST
}

void matmul_init(uint32_t in0, uint32_t in1, uint32_t transpose, const char* fn) {
    TTEMU_ENTER();
    cb_of(t, in0, fn);
    cb_of(t, in1, fn);
    cs.matmul_transpose = transpose != 0;
    timing::record_init(t, timing::kOpInit, &timing::Costs::op_init);
}

void matmul(uint32_t in0, uint32_t in1, uint32_t tile0, uint32_t tile1, uint32_t idst, uint32_t ct, uint32_t rt,
            uint32_t kt, const char* fn) {
    TTEMU_ENTER();
    if (ct == 0 || rt == 0) fault(nullptr, fmt("%s: ct_dim = %u and rt_dim = %u must be at least 1", fn, ct, rt));
    if (uint64_t(idst) + uint64_t(ct) * rt > cs.capacity)
        fault(nullptr, fmt("%s: the %ux%u output block at DST index %u goes beyond the %u tiles available (%s sync%s)",
                           fn, rt, ct, idst, cs.capacity, cs.full_sync ? "full" : "half",
                           cs.fp32_acc ? ", fp32 accumulation" : ""));
    // Scratch for the operands (per host thread; nothing in here yields to another fiber).
    thread_local std::vector<MatB> bs;
    thread_local MatA a;
    if (bs.size() < ct) bs.resize(ct);
    const int fid = cs.fidelity;
    const bool two = two_terms(fid);
    for (uint32_t c = 0; c < ct; ++c)
        load_operand(t, in1, tile1 + c, cs.matmul_transpose, srca_mask(fid), 0xfff80000u, false, two, bs[c].y,
                     bs[c].y2, fn);
    for (uint32_t r = 0; r < rt; ++r) {
        load_operand(t, in0, tile0 + r * kt, false, srcb_mask(fid), 0, true, two, a.x, a.x2, fn);
        for (uint32_t c = 0; c < ct; ++c) {
            matmul_tile(cs, cs.math_tile(idst + r * ct + c, fn), a, bs[c]);
            ++t.counters.matmul_tiles;
        }
    }
    if (t.costs) {
        // The unpacker loads one operand tile per product and keeps the other in its source
        // register across the longer side of the block (the LLK's reuse): rt * ct + min(rt, ct)
        // tiles, half of them from each CB when rt = ct.
        // in1 goes to SrcA, in0 to SrcB (the two unpackers work at once).
        const uint32_t products = rt * ct, kept = std::min(rt, ct);
        const uint8_t f0 = t.core->cbs[in0].format, f1 = t.core->cbs[in1].format;
        const uint32_t unpack = ct >= rt ? timing::unpack_pair(t, f1, products, f0, kept)
                                         : timing::unpack_pair(t, f1, kept, f0, products);
        const uint8_t name = std::strcmp(fn, "matmul_tiles") == 0 ? timing::kMatmulTiles : timing::kMatmulBlock;
        timing::record(t, timing::Op::Compute, name, 0, unpack,
                       products * t.costs->matmul_per_phase * timing::phases(cs.fidelity) + t.costs->math_call);
    }
}

void reduce_init(PoolOp op, ReduceAxis axis, uint32_t icb, uint32_t scaler_cb, uint32_t ocb) {
    TTEMU_ENTER();
    (void)op;
    for (uint32_t cb : {icb, scaler_cb, ocb}) cb_of(t, cb, "reduce_init");
    cs.pack_edge_mask = uint8_t(1 + static_cast<int>(axis));
    timing::record_init(t, timing::kOpInit, &timing::Costs::op_init);
}

void reduce_uninit() {
    TTEMU_ENTER();
    (void)t;
    cs.pack_edge_mask = 0;
}

void reduce_tile(PoolOp op, ReduceAxis axis, uint32_t icb, uint32_t scaler_cb, uint32_t tile, uint32_t scaler_tile,
                 uint32_t idst) {
    TTEMU_ENTER();
    float* d = cs.math_tile(idst, "reduce_tile");
    alignas(64) float data[kTileHW], scaler[kTileHW];
    unpack(t, icb, tile, data, false, "reduce_tile");
    unpack(t, scaler_cb, scaler_tile, scaler, false, "reduce_tile");
    if (op == PoolOp::Max) {
        const bool tf32 = cs.fp32_acc && t.core->cbs[icb].format == kFloat32;
        reduce_max(cs, axis, data, scaler, tf32, d);
    } else {
        reduce_sum(cs, axis, data, scaler, d);
    }
    ++t.counters.reduce_tiles;
    if (t.costs) {
        const uint32_t unpack = timing::unpack_pair(t, t.core->cbs[icb].format, 1, t.core->cbs[scaler_cb].format, 1);
        const uint32_t math = op == PoolOp::Max ? t.costs->reduce_max
                                                : t.costs->reduce_per_phase * timing::phases(cs.fidelity);
        timing::record(t, timing::Op::Compute, timing::kReduceTile, 0, unpack, math + t.costs->math_call);
    }
}

void eltwise_binary_bcast(BinaryOp op, Bcast b, uint32_t cb0, uint32_t cb1, uint32_t tile0, uint32_t tile1,
                          uint32_t idst, uint32_t bcast_row) {
    TTEMU_ENTER();
    const char* fn = bcast_name(op, b);
    float* d = cs.math_tile(idst, fn);
    if (b == Bcast::Row && bcast_row >= 32) fault(nullptr, fmt("%s: bcast_row_idx %u is not a tile row (0..31)", fn, bcast_row));
    alignas(64) float a[kTileHW], bt[kTileHW], bb[kTileHW], r[kTileHW];
    unpack(t, cb0, tile0, a, false, fn);
    unpack(t, cb1, tile1, bt, false, fn);
    broadcast(b, bt, bcast_row, bb);
    switch (op) {
        case BinaryOp::Add:
            for (int i = 0; i < kTileHW; ++i) r[i] = a[i] + bb[i];
            break;
        case BinaryOp::Sub:
            for (int i = 0; i < kTileHW; ++i) r[i] = a[i] - bb[i];
            break;
        case BinaryOp::Mul:
            for (int i = 0; i < kTileHW; ++i) r[i] = fpu_product(a[i], bb[i], cs.fidelity);
            break;
    }
    cs.store(d, r);
    ++t.counters.eltwise_tiles;
    if (t.costs) {
        const uint32_t unpack = timing::unpack_pair(t, t.core->cbs[cb0].format, 1, t.core->cbs[cb1].format, 1);
        const uint32_t math = op == BinaryOp::Mul ? t.costs->eltwise_mul_per_phase * timing::phases(cs.fidelity)
                                                  : t.costs->eltwise_add;
        timing::record(t, timing::Op::Compute, timing::kBcastTiles, 0, unpack, math + t.costs->math_call);
    }
}

void unary_bcast(Bcast b, uint32_t cb, uint32_t tile, uint32_t idst) {
    TTEMU_ENTER();
    float* d = cs.math_tile(idst, "unary_bcast");
    alignas(64) float v[kTileHW], w[kTileHW];
    unpack(t, cb, tile, v, unpacks_to_dest(cs, cb), "unary_bcast");
    broadcast(b, v, 0, w);
    cs.store(d, w);
    ++t.counters.eltwise_tiles;
    timing::record_op(t, timing::kUnaryBcast, timing::unpack_tile(t, t.core->cbs[cb].format), &timing::Costs::datacopy);
}

// SFPU reduce (ckernel_sfpu_reduce.h): the SFPU reads DST in fp32, reduces and stores the results
// with the DST format's rounding. REDUCE_COL writes row 0 of the tile (AVG multiplies the column
// sum by 1/32); REDUCE_ROW writes column 0 of each tile, then sums (maxes) the block row's column
// 0s into its first tile. The other datums the SFPU stores hold intermediate values on the
// hardware; here they are left unchanged. Sums run in fp32, left to right (the SFPU's order of
// additions is not modelled).
void sfpu_reduce(PoolOp op, ReduceAxis axis, uint32_t idst, uint32_t ct, uint32_t rt) {
    TTEMU_ENTER();
    auto combine = [op](float acc, float v) {
        switch (op) {
            case PoolOp::Max: return v > acc ? v : acc;
            case PoolOp::Min: return v < acc ? v : acc;
            default: return acc + v;
        }
    };
    auto element = [](const float* d, int r, int c) { return d[((r >> 4) * 2 + (c >> 4)) * 256 + (r & 15) * 16 + (c & 15)]; };
    auto slot = [](float* d, int r, int c) -> float& { return d[((r >> 4) * 2 + (c >> 4)) * 256 + (r & 15) * 16 + (c & 15)]; };
    if (axis == ReduceAxis::Col) {
        if (ct != 1 || rt != 1) fault(nullptr, fmt("sfpu_reduce<REDUCE_COL>: ct_dim and rt_dim must be 1 (got %u, %u)", ct, rt));
        float* d = cs.math_tile(idst, "sfpu_reduce");
        for (int c = 0; c < 32; ++c) {
            float acc = element(d, 0, c);
            for (int r = 1; r < 32; ++r) acc = combine(acc, element(d, r, c));
            if (op == PoolOp::Avg) acc *= 0.03125f;
            slot(d, 0, c) = cs.round(acc);
        }
    } else {
        if (axis != ReduceAxis::Row || op == PoolOp::Avg)
            fault(nullptr, "sfpu_reduce: REDUCE_ROW supports SUM, MAX and MIN; REDUCE_SCALAR is not supported");
        for (uint32_t br = 0; br < rt; ++br) {
            float* first = cs.math_tile(idst + br * ct, "sfpu_reduce");
            for (uint32_t bc = 0; bc < ct; ++bc) {
                float* d = cs.math_tile(idst + br * ct + bc, "sfpu_reduce");
                for (int r = 0; r < 32; ++r) {
                    float acc = element(d, r, 0);
                    for (int c = 1; c < 32; ++c) acc = combine(acc, element(d, r, c));
                    slot(d, r, 0) = cs.round(acc);
                }
            }
            for (uint32_t bc = 1; bc < ct; ++bc) {
                const float* d = cs.math_tile(idst + br * ct + bc, "sfpu_reduce");
                for (int r = 0; r < 32; ++r) slot(first, r, 0) = cs.round(combine(element(first, r, 0), element(d, r, 0)));
            }
        }
    }
    ++t.counters.sfpu_tiles;
    timing::record_op(t, timing::kSfpuReduce, 0, &timing::Costs::sfpu_reduce, axis == ReduceAxis::Col ? 1 : rt * ct);
}

}  // namespace abi
}  // namespace ttemu
