// The compute engine: unpack (CB -> SrcA/SrcB or straight to DST), math (FPU eltwise, SFPU),
// pack (DST -> CB), bit-faithful to the data formats:
//   - SrcA/SrcB hold TF32: Float32 data unpacked into them keeps 10 mantissa bits (truncated);
//     UnpackToDestFp32 (with fp32_dest_acc_en) bypasses them and keeps all 23. Bfp8_b data
//     unpacks exactly (see tile.hpp).
//   - DST holds fp32 with fp32_dest_acc_en, otherwise bfloat16 (every write rounds to nearest even).
//     Released DST rows are undefined (ZEROACC): zero for packers and most FPU ops, minus infinity
//     for max pooling.
//   - The FPU multiplier sees SrcA in two halves (4 + 6 mantissa bits) and SrcB in two halves
//     (6 + 4): LoFi multiplies the high halves only, HiFi2 adds SrcA-low x SrcB-high, HiFi3 adds
//     SrcA-high x SrcB-low, HiFi4 the full product (detail::fpu_product, compute.hpp).
//   - SFPU ops compute in fp32 on the DST values.
//   - The packer rounds to the CB format (fp32 -> bfloat16: nearest even; Bfp8_b: see tile.hpp)
//     and applies the edge mask a reduce_init left (until reduce_uninit).
// Matmul, reduce, transpose and broadcast are in compute_ops.cpp.
#include "compute.hpp"

#include <algorithm>
#include <bit>
#include <cstdarg>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "scheduler.hpp"
#include "timing/record.hpp"
#include "ttemu/kernel_abi.h"

namespace ttemu {

namespace detail {

std::string fmt(const char* f, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, f);
    std::vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    return buf;
}

Thread& enter(const void* pc) {
    Thread* t = current_thread();
    if (!t) throw Fault("a compute API function was called outside a running kernel");
    t->pc = pc;
    if (!t->compute) fault(nullptr, "compute API call in a data movement kernel");
    return *t;
}

CircularBuffer& cb_of(Thread& t, uint32_t cb, const char* fn) {
    if (cb >= t.core->device->arch().max_cbs)
        fault(nullptr, fmt("%s: CB index %u is out of range", fn, cb));
    CircularBuffer& c = t.core->cbs[cb];
    if (!c.configured) fault(nullptr, fmt("%s: CB c_%u is not configured on this core", fn, cb));
    const uint32_t bytes = tile_bytes(c.format);
    if (!bytes) fault(nullptr, fmt("%s: CB c_%u holds %s data, which the compute engine does not implement", fn, cb,
                                   format_name(c.format)));
    if (c.page_size < bytes)
        fault(nullptr, fmt("%s: CB c_%u has %u-byte pages, smaller than one %s tile (%u bytes)", fn, cb, c.page_size,
                           format_name(c.format), bytes));
    return c;
}

const uint8_t* tile_l1(Thread& t, uint32_t cb, uint32_t tile, const char* fn) {
    CircularBuffer& c = cb_of(t, cb, fn);
    if (tile >= c.waited)
        fault(nullptr, fmt("%s reads tile %u of c_%u, but only %u pages were waited for (cb_wait_front)", fn, tile, cb,
                           c.waited));
    ++t.counters.tiles_unpacked;
    return t.core->l1 + c.base + ((c.rd_page + tile) % c.num_pages) * c.page_size;
}

void unpack(Thread& t, uint32_t cb, uint32_t tile, float* out, bool to_dest, const char* fn) {
    const uint8_t* p = tile_l1(t, cb, tile, fn);
    const uint8_t format = t.core->cbs[cb].format;
    decode_tile(p, format, out);
    if (!to_dest && format == kFloat32)
        for (int i = 0; i < kTileHW; ++i) out[i] = tf32_trunc(out[i]);
}

bool unpacks_to_dest(const ComputeState& cs, uint32_t cb) {
    return cs.fp32_acc && cb < cs.unpack_to_dest_fp32.size() && cs.unpack_to_dest_fp32[cb];
}

void to_src(float* v) {
    for (int i = 0; i < kTileHW; ++i) v[i] = tf32_trunc(v[i]);
}

}  // namespace detail

namespace {

using namespace detail;

void fpu_mul(const float* a, const float* b, float* out, int fidelity) {
    // One loop per fidelity (a switch per datum would keep the loop from vectorising).
    auto each = [&](auto product) {
        for (int i = 0; i < kTileHW; ++i) out[i] = product(a[i], b[i]);
    };
    switch (fidelity) {
        case 0:
        case 1: each([](float x, float y) { return fpu_product(x, y, 0); }); break;
        case 2: each([](float x, float y) { return fpu_product(x, y, 2); }); break;
        case 3: each([](float x, float y) { return fpu_product(x, y, 3); }); break;
        default: each([](float x, float y) { return fpu_product(x, y, 4); }); break;
    }
}

// v - s as the SFPU computes it for an SFPI comparison of two vFloats (SFPMAD, round to nearest
// even). A NaN difference is read as a positive one: its sign on the SFPU is not documented.
float sfpu_diff(float v, float s) {
    const float d = v - s;
    return std::isnan(d) ? std::numeric_limits<float>::quiet_NaN() : d;
}
// SFPI's v > s: the difference is non-negative (SFPSETCC GTE0, a sign test) and not zero (NE0).
bool sfpu_gt(float v, float s) {
    const float d = sfpu_diff(v, s);
    return !std::signbit(d) && f2u(d) != 0;
}

float gelu_erf(float x) { return 0.5f * x * (1.0f + std::erf(x * 0.70710678118654752f)); }
float gelu_tanh(float x) {
    return 0.5f * x * (1.0f + std::tanh(0.7978845608028654f * (x + 0.044715f * x * x * x)));
}

}  // namespace

void ComputeState::configure(const KernelImage& k) {
    fp32_acc = k.fp32_dest_acc_en;
    full_sync = k.dst_full_sync_en;
    fidelity = k.math_fidelity;
    halves = full_sync ? 1 : 2;
    capacity = (full_sync ? 16u : 8u) / (fp32_acc ? 2u : 1u);
    state[0] = state[1] = Half::Free;
    math_half = pack_half = -1;
    next_acquire = 0;
    committed.clear();
    unpack_to_dest_fp32 = k.unpack_to_dest_fp32;
    unpack_a_transpose_faces = unpack_a_transpose_within = matmul_transpose = false;
    pack_edge_mask = 0;
    pack_l1_acc = false;
    pack_relu = 0;
    for (uint32_t i = 0; i < 16; ++i)
        if (touched >> i & 1) std::memset(dst[i], 0, sizeof dst[i]);
    touched = 0;
    for (uint64_t& u : undefined) u = ~0ull;
}

void ComputeState::release(int half) {
    for (uint32_t i = half * capacity; i < (half + 1) * capacity; ++i) {
        if (touched >> i & 1) std::memset(dst[i], 0, sizeof dst[i]);
        undefined[i] = ~0ull;
    }
    touched &= ~(((1u << capacity) - 1) << (half * capacity));
}

float* ComputeState::math_tile(uint32_t idst, const char* fn) {
    if (math_half < 0)
        fault(nullptr, fmt("%s writes DST outside tile_regs_acquire()/tile_regs_commit()", fn));
    if (idst >= capacity)
        fault(nullptr, fmt("%s: DST index %u is beyond the %u tiles available (%s sync%s)", fn, idst, capacity,
                           full_sync ? "full" : "half", fp32_acc ? ", fp32 accumulation" : ""));
    touched |= 1u << (math_half * capacity + idst);
    return dst[math_half * capacity + idst];
}

float* ComputeState::pack_tile(uint32_t idst, const char* fn) {
    if (pack_half < 0) fault(nullptr, fmt("%s reads DST outside tile_regs_wait()/tile_regs_release()", fn));
    if (idst >= capacity)
        fault(nullptr, fmt("%s: DST index %u is beyond the %u tiles available (%s sync%s)", fn, idst, capacity,
                           full_sync ? "full" : "half", fp32_acc ? ", fp32 accumulation" : ""));
    return dst[pack_half * capacity + idst];
}

void ComputeState::store(float* d, const float* v) {
    undefined_rows(d) = 0;
    if (fp32_acc) {
        std::memcpy(d, v, kTileHW * sizeof(float));
    } else {
        for (int i = 0; i < kTileHW; ++i) d[i] = bf16_round(v[i]);
    }
}

namespace abi {

void compute_hw_startup(uint32_t icb0, uint32_t icb1, uint32_t ocb) {
    TTEMU_ENTER();
    (void)cs;
    for (uint32_t cb : {icb0, icb1, ocb}) cb_of(t, cb, "compute_kernel_hw_startup");
    timing::record_init(t, timing::kHwStartup, &timing::Costs::hw_startup);
}

void op_init(uint32_t cb0, uint32_t cb1, const char* fn, InitKind kind) {
    TTEMU_ENTER();
    (void)cs;
    cb_of(t, cb0, fn);
    if (cb1 != kNoCb) cb_of(t, cb1, fn);
    if (!t.costs) return;
    const timing::Costs& c = *t.costs;
    switch (kind) {
        case InitKind::Op: timing::record_init(t, timing::kOpInit, &timing::Costs::op_init); break;
        case InitKind::ReconfigUnpack:
            timing::record(t, timing::Op::Init, timing::kReconfig, 0, c.reconfig[0], 0, 0);
            break;
        case InitKind::ReconfigPack: timing::record(t, timing::Op::Init, timing::kReconfig, 0, 0, 0, c.reconfig[2]); break;
    }
}

void sfpu_init() {
    TTEMU_ENTER();
    (void)cs;
    if (t.costs) timing::record(t, timing::Op::Init, timing::kOpInit, 0, 0, t.costs->op_init[1], 0);
}

void check_cb(uint32_t cb, const char* fn) {
    TTEMU_ENTER();
    (void)cs;
    cb_of(t, cb, fn);
}

void tile_regs_acquire() {
    TTEMU_ENTER();
    if (cs.math_half >= 0) fault(nullptr, "tile_regs_acquire() called twice without tile_regs_commit()");
    const int h = cs.next_acquire;
    if (cs.state[h] != ComputeState::Half::Free)
        fault(nullptr, cs.halves == 1 ? "tile_regs_acquire(): DST is still held by the packer (missing tile_regs_release())"
                                      : "tile_regs_acquire(): both DST halves are in use (missing tile_regs_release())");
    cs.state[h] = ComputeState::Half::Math;
    cs.math_half = h;
    cs.next_acquire = (h + 1) % cs.halves;
    timing::record(t, timing::Op::Acquire, timing::kRegsAcquire, 0, 0, 0, timing::cost(t, &timing::Costs::math_call));
}

void tile_regs_commit() {
    TTEMU_ENTER();
    if (cs.math_half < 0 || cs.state[cs.math_half] != ComputeState::Half::Math)
        fault(nullptr, "tile_regs_commit() without a matching tile_regs_acquire()");
    cs.state[cs.math_half] = ComputeState::Half::Committed;
    cs.committed.push_back(cs.math_half);
    cs.math_half = -1;
    timing::record(t, timing::Op::Commit, timing::kRegsCommit, 0, 0, 0, timing::cost(t, &timing::Costs::math_call));
}

void tile_regs_wait() {
    TTEMU_ENTER();
    if (cs.pack_half >= 0) fault(nullptr, "tile_regs_wait() called twice without tile_regs_release()");
    if (cs.committed.empty())
        fault(nullptr, "tile_regs_wait(): no DST section was committed (missing tile_regs_commit()); "
                       "the packer would wait forever");
    cs.pack_half = cs.committed.front();
    cs.committed.pop_front();
    cs.state[cs.pack_half] = ComputeState::Half::Pack;
    timing::record(t, timing::Op::RegsWait, timing::kRegsWait, 0, 0, 0, timing::cost(t, &timing::Costs::pack_call));
}

void tile_regs_release() {
    TTEMU_ENTER();
    if (cs.pack_half < 0 || cs.state[cs.pack_half] != ComputeState::Half::Pack)
        fault(nullptr, "tile_regs_release() without a matching tile_regs_wait()");
    // The packer clears the section it releases (ZEROACC: the rows become undefined).
    cs.release(cs.pack_half);
    cs.state[cs.pack_half] = ComputeState::Half::Free;
    cs.pack_half = -1;
    timing::record(t, timing::Op::Release, timing::kRegsRelease, 0, 0, 0, timing::cost(t, &timing::Costs::pack_call));
}

void acquire_dst() {
    TTEMU_ENTER();
    if (cs.math_half >= 0 || cs.pack_half >= 0) fault(nullptr, "acquire_dst() while DST is already acquired");
    const int h = cs.next_acquire;
    if (cs.state[h] != ComputeState::Half::Free) fault(nullptr, "acquire_dst(): DST section still in use");
    cs.state[h] = ComputeState::Half::Legacy;
    cs.math_half = cs.pack_half = h;
    cs.next_acquire = (h + 1) % cs.halves;
    timing::record(t, timing::Op::Acquire, timing::kAcquireDst, 1, 0, 0, timing::cost(t, &timing::Costs::math_call));
}

void release_dst() {
    TTEMU_ENTER();
    if (cs.math_half < 0 || cs.state[cs.math_half] != ComputeState::Half::Legacy)
        fault(nullptr, "release_dst() without a matching acquire_dst()");
    cs.release(cs.math_half);
    cs.state[cs.math_half] = ComputeState::Half::Free;
    cs.math_half = cs.pack_half = -1;
    timing::record(t, timing::Op::Release, timing::kReleaseDst, 0, 0, 0, timing::cost(t, &timing::Costs::pack_call));
}

void unpack_a_init(uint32_t cb, bool transpose_faces, bool transpose_within, const char* fn) {
    TTEMU_ENTER();
    cb_of(t, cb, fn);
    cs.unpack_a_transpose_faces = transpose_faces;
    cs.unpack_a_transpose_within = transpose_within;
    timing::record_init(t, timing::kOpInit, &timing::Costs::op_init);
}

// copy_tile and transpose_tile: the unpacker reads the tile into SrcA (or straight into DST),
// applying the transposes the last copy_init / transpose_init configured: of faces (faces 1 and 2
// swap) and within each 16x16 face; the math thread copies it to DST.
void copy_tile(uint32_t cb, uint32_t tile, uint32_t idst) {
    TTEMU_ENTER();
    float* d = cs.math_tile(idst, "copy_tile");
    timing::record_op(t, timing::kCopyTile, timing::unpack_tile(t, cb_of(t, cb, "copy_tile").format),
              &timing::Costs::datacopy);
    const bool transposes = cs.unpack_a_transpose_faces || cs.unpack_a_transpose_within;
    if (cs.fp32_acc && !transposes) {  // an fp32 DST takes the values as they are: no copy between
        unpack(t, cb, tile, d, unpacks_to_dest(cs, cb), "copy_tile");
        cs.undefined_rows(d) = 0;
        return;
    }
    alignas(64) float v[kTileHW];
    unpack(t, cb, tile, v, unpacks_to_dest(cs, cb), "copy_tile");
    if (transposes) {
        alignas(64) float w[kTileHW];
        for (int f = 0; f < 4; ++f) {
            const int g = cs.unpack_a_transpose_faces ? (f == 1 ? 2 : f == 2 ? 1 : f) : f;
            for (int r = 0; r < 16; ++r)
                for (int c = 0; c < 16; ++c)
                    w[f * 256 + r * 16 + c] = cs.unpack_a_transpose_within ? v[g * 256 + c * 16 + r] : v[g * 256 + r * 16 + c];
        }
        std::memcpy(v, w, sizeof v);
    }
    cs.store(d, v);
}

void eltwise_binary(BinaryOp op, uint32_t cb0, uint32_t cb1, uint32_t tile0, uint32_t tile1, uint32_t idst,
                    ReuseDest reuse) {
    TTEMU_ENTER();
    static const char* names[] = {"add_tiles", "sub_tiles", "mul_tiles"};
    const char* fn = names[static_cast<int>(op)];
    float* d = cs.math_tile(idst, fn);
    alignas(64) float a[kTileHW], b[kTileHW], r[kTileHW];
    switch (reuse) {
        case ReuseDest::None:
            unpack(t, cb0, tile0, a, false, fn);
            unpack(t, cb1, tile1, b, false, fn);
            break;
        case ReuseDest::ToSrcA:  // DST -> SrcA, the CB tile -> SrcB
            std::memcpy(a, d, sizeof a);
            to_src(a);
            unpack(t, cb0, tile0, b, false, fn);
            break;
        case ReuseDest::ToSrcB:
            std::memcpy(b, d, sizeof b);
            to_src(b);
            unpack(t, cb0, tile0, a, false, fn);
            break;
    }
    switch (op) {
        case BinaryOp::Add:
            for (int i = 0; i < kTileHW; ++i) r[i] = a[i] + b[i];
            break;
        case BinaryOp::Sub:
            for (int i = 0; i < kTileHW; ++i) r[i] = a[i] - b[i];
            break;
        case BinaryOp::Mul: fpu_mul(a, b, r, cs.fidelity); break;
    }
    cs.store(d, r);
    ++t.counters.eltwise_tiles;
    if (t.costs) {
        const uint32_t unpack = reuse == ReuseDest::None
                                    ? timing::unpack_pair(t, t.core->cbs[cb0].format, 1, t.core->cbs[cb1].format, 1)
                                    : timing::unpack_tile(t, t.core->cbs[cb0].format);
        const uint32_t math = op == BinaryOp::Mul ? t.costs->eltwise_mul_per_phase * timing::phases(cs.fidelity)
                                                  : t.costs->eltwise_add;
        const uint8_t name = reuse != ReuseDest::None ? timing::kBinaryDest
                             : op == BinaryOp::Add    ? timing::kAddTiles
                             : op == BinaryOp::Sub    ? timing::kSubTiles
                                                      : timing::kMulTiles;
        timing::record(t, timing::Op::Compute, name, 0, unpack, math + t.costs->math_call);
    }
}

void sfpu(SfpuOp op, uint32_t dst0, uint32_t dst1, uint32_t odst, uint32_t param0, bool approx, uint8_t faces) {
    sfpu_ext(op, dst0, dst1, 0, odst, param0, 0, 0, approx ? kSfpuApprox : 0, faces);
}

void sfpu_ext(SfpuOp op, uint32_t dst0, uint32_t dst1, uint32_t dst2, uint32_t odst, uint32_t param0, uint32_t param1,
              uint32_t param2, uint32_t flags, uint8_t faces) {
    TTEMU_ENTER();
    const bool ternary = op == SfpuOp::Where || op == SfpuOp::Lerp;
    const bool masked = op == SfpuOp::Mask || op == SfpuOp::MaskPosinf;  // dst1 is the mask, odst = dst0
    const bool binary = (op >= SfpuOp::AddBinary && op <= SfpuOp::PowBinary) || ternary || masked;
    const char* what = op == SfpuOp::Where ? "where_tile" : op == SfpuOp::Lerp ? "lerp_tile"
                       : masked             ? "mask_tile (the mask is the DST tile after the data)"
                                            : "SFPU binary op";
    float* x = flags & kSfpuPackThread ? const_cast<float*>(cs.pack_tile(dst0, "SFPU op on the pack thread"))
                                       : cs.math_tile(dst0, "SFPU op");
    const float* y = binary ? cs.math_tile(dst1, what) : nullptr;
    const float* z = ternary ? cs.math_tile(dst2, what) : nullptr;
    float* out = binary ? cs.math_tile(odst, what) : x;
    faces &= 0xF;
    // The faces the op leaves alone keep their values (DST holds a tile face after face).
    alignas(64) float kept[kTileHW];
    if (faces != 0xF) std::memcpy(kept, out, sizeof kept);
    const float p = u2f(param0), p1 = u2f(param1), p2 = u2f(param2);
    const float* yv = binary ? y : x;
    // Datum i of the result depends on datum i of the operands only, so an fp32 DST takes the
    // results in place; a bfloat16 DST rounds them on the way in (store).
    alignas(64) float tmp[kTileHW];
    float* r = cs.fp32_acc ? out : tmp;
    // One loop per op (a switch per datum would keep the simple ones from vectorising).
    auto each = [&](auto f) {
#pragma GCC ivdep  // r may be x or yv itself, never a part of one: no dependence between datums
        for (int i = 0; i < kTileHW; ++i) r[i] = f(x[i], yv[i]);
    };
    using F = float;
    const bool inp_bf16 = flags & kSfpuInpBf16;
    switch (op) {
        case SfpuOp::Exp: each([](F v, F) { return std::exp(v); }); break;
        case SfpuOp::Log: each([](F v, F) { return std::log(v); }); break;
        case SfpuOp::Sqrt: each([](F v, F) { return std::sqrt(v); }); break;
        case SfpuOp::Rsqrt: each([](F v, F) { return 1.0f / std::sqrt(v); }); break;
        case SfpuOp::Recip: each([](F v, F) { return 1.0f / v; }); break;
        case SfpuOp::Abs: each([](F v, F) { return std::fabs(v); }); break;
        case SfpuOp::Neg: each([](F v, F) { return -v; }); break;
        case SfpuOp::Relu: each([](F v, F) { return v > 0.0f ? v : 0.0f; }); break;
        case SfpuOp::Sigmoid: each([](F v, F) { return 1.0f / (1.0f + std::exp(-v)); }); break;
        case SfpuOp::Tanh: each([](F v, F) { return std::tanh(v); }); break;
        case SfpuOp::GeluApprox: each([](F v, F) { return gelu_tanh(v); }); break;
        case SfpuOp::Gelu: each([](F v, F) { return gelu_erf(v); }); break;
        case SfpuOp::Silu: each([](F v, F) { return v / (1.0f + std::exp(-v)); }); break;
        case SfpuOp::Square: each([](F v, F) { return v * v; }); break;
        case SfpuOp::AddScalar: each([p](F v, F) { return v + p; }); break;
        case SfpuOp::SubScalar: each([p](F v, F) { return v - p; }); break;
        case SfpuOp::MulScalar: each([p](F v, F) { return v * p; }); break;
        case SfpuOp::DivScalar: each([p](F v, F) { return v / p; }); break;
        case SfpuOp::RsubScalar: each([p](F v, F) { return p - v; }); break;
        case SfpuOp::ReluMin: each([p](F v, F) { return v > p ? v : p; }); break;
        case SfpuOp::ReluMax: each([p](F v, F) { return v < 0.0f ? 0.0f : (v > p ? p : v); }); break;
        case SfpuOp::Fill: each([p](F, F) { return p; }); break;
        case SfpuOp::Sin: each([](F v, F) { return std::sin(v); }); break;
        case SfpuOp::Cos: each([](F v, F) { return std::cos(v); }); break;
        case SfpuOp::Tan: each([](F v, F) { return std::tan(v); }); break;
        case SfpuOp::AddBinary: each([](F v, F w) { return v + w; }); break;
        case SfpuOp::SubBinary: each([](F v, F w) { return v - w; }); break;
        case SfpuOp::MulBinary: each([](F v, F w) { return v * w; }); break;
        case SfpuOp::DivBinary: each([](F v, F w) { return v / w; }); break;
        case SfpuOp::RsubBinary: each([](F v, F w) { return w - v; }); break;
        case SfpuOp::MaxBinary: each([](F v, F w) { return std::max(v, w); }); break;
        case SfpuOp::MinBinary: each([](F v, F w) { return std::min(v, w); }); break;
        case SfpuOp::PowBinary: each([](F v, F w) { return std::pow(v, w); }); break;
        case SfpuOp::Where:
            // _calculate_where_: SFPSETCC EQ0 on the condition's bits (the LO16 / INT32 load, so
            // -0.0 is not zero), then the false value is loaded over the true one in those lanes.
            for (int i = 0; i < kTileHW; ++i) r[i] = f2u(x[i]) == 0 ? z[i] : y[i];
            break;
        // calculate_comp (ckernel_sfpu_comp.h): IEEE comparisons with zero, -0.0 is zero, NaN
        // gives 0 (nez: 1).
        case SfpuOp::Ltz: each([](F v, F) { return v < 0.0f ? 1.0f : 0.0f; }); break;
        case SfpuOp::Gtz: each([](F v, F) { return v > 0.0f ? 1.0f : 0.0f; }); break;
        case SfpuOp::Lez: each([](F v, F) { return v <= 0.0f ? 1.0f : 0.0f; }); break;
        case SfpuOp::Gez: each([](F v, F) { return v >= 0.0f ? 1.0f : 0.0f; }); break;
        case SfpuOp::Eqz: each([](F v, F) { return v == 0.0f ? 1.0f : 0.0f; }); break;
        case SfpuOp::Nez: each([](F v, F) { return v != 0.0f ? 1.0f : 0.0f; }); break;
        // calculate_unary_* (ckernel_sfpu_unary_comp.h): SFPI compares v with s through the sign
        // and zero tests of the difference v - s (see sfpu_diff).
        case SfpuOp::UnaryEq: each([p](F v, F) { return f2u(sfpu_diff(v, p)) == 0 ? 1.0f : 0.0f; }); break;
        case SfpuOp::UnaryNe: each([p](F v, F) { return f2u(sfpu_diff(v, p)) == 0 ? 0.0f : 1.0f; }); break;
        case SfpuOp::UnaryLt: each([p](F v, F) { return std::signbit(sfpu_diff(v, p)) ? 1.0f : 0.0f; }); break;
        case SfpuOp::UnaryGe: each([p](F v, F) { return std::signbit(sfpu_diff(v, p)) ? 0.0f : 1.0f; }); break;
        case SfpuOp::UnaryGt: each([p](F v, F) { return sfpu_gt(v, p) ? 1.0f : 0.0f; }); break;
        case SfpuOp::UnaryLe: each([p](F v, F) { return sfpu_gt(v, p) ? 0.0f : 1.0f; }); break;
        case SfpuOp::Softplus:
            // calculate_softplus_body: t = beta x; where t <= threshold, (max(t, 0) + log(1 + e^-|t|))
            // / beta (times beta_reciprocal); the bfloat16 path (no INP_FLOAT32) drops the log term
            // for |t| > 5; elsewhere x is left unchanged.
            each([p, p1, p2, inp_bf16](F v, F) {
                const F t = v * p;
                if (sfpu_gt(t, p2)) return v;
                const F a = std::fabs(t);
                const F residual = inp_bf16 && a > 5.0f ? 0.0f : std::log1p(std::exp(-a));
                return p1 * (std::max(t, 0.0f) + residual);
            });
            break;
        case SfpuOp::Hardsigmoid:
            // ActivationImpl<Hardsigmoid>: one MAD, x * 0.16666667 + 0.5, clamped to [0, 1].
            each([](F v, F) {
                const F h = std::fma(v, 0.1666666716337204f, 0.5f);
                return h < 0.0f ? 0.0f : h > 1.0f ? 1.0f : h;
            });
            break;
        case SfpuOp::Softsign: each([](F v, F) { return v * (1.0f / (std::fabs(v) + 1.0f)); }); break;
        case SfpuOp::Celu:
            // calculate_celu: alpha * expm1(x / alpha) (times alpha_recip); x where x >= 0 (a sign test).
            each([p, p1](F v, F) { return std::signbit(v) ? p * std::expm1(p1 * v) : v; });
            break;
        case SfpuOp::Softshrink: each([p](F v, F) { return v - std::clamp(v, -p, p); }); break;
        case SfpuOp::Hardshrink:
            // calculate_hardshrink: 0 where lambda - |x| >= 0 (a sign test of the difference).
            each([p](F v, F) { return std::signbit(sfpu_diff(p, std::fabs(v))) ? v : 0.0f; });
            break;
        case SfpuOp::Cbrt: each([](F v, F) { return std::cbrt(v); }); break;
        case SfpuOp::Erf: each([](F v, F) { return std::erf(v); }); break;
        case SfpuOp::Erfc:
            // calculate_erfc: the rational approximation of erfc(min(|x|, 5)), 2 - r for x < 0.
            each([](F v, F) {
                const F r = std::erfc(std::min(std::fabs(v), 5.0f));
                return v < 0.0f ? 2.0f - r : r;
            });
            break;
        // calculate_mask / calculate_mask_posinf (ckernel_sfpu_mask.h): v_if(mask == 0.0f) is SFPSETCC
        // EQ0 on the mask as loaded (SFPLOAD does not flush -0.0), so only +0.0 bits mask; the data
        // elsewhere is left as it is.
        case SfpuOp::Mask: each([](F v, F m) { return f2u(m) == 0 ? 0.0f : v; }); break;
        case SfpuOp::MaskPosinf:
            each([](F v, F m) { return f2u(m) == 0 ? std::numeric_limits<F>::infinity() : v; });
            break;
        case SfpuOp::Elu:
            // calculate_elu: alpha * expm1_cw_clamped(x) (x clamped to -87 first), x where x >= 0 (a
            // sign test: -0.0 takes the expm1 path, whose Cody-Waite reconstruction (2^0 - 1) +
            // 2^0 * (-0.0) gives +0.0).
            each([p](F v, F) {
                if (!std::signbit(v)) return v;
                return p * (v == 0.0f ? 0.0f : std::expm1(std::max(v, -87.0f)));
            });
            break;
        case SfpuOp::Lerp:
            // calculate_lerp: in0 + in2 * (in1 - in0): SFPADD for the difference, then one SFPMAD.
            for (int i = 0; i < kTileHW; ++i) r[i] = std::fma(z[i], y[i] - x[i], x[i]);
            break;
        // calculate_sign: 1.0 / -1.0 by the sign bit, then 0.0 where v is zero (both zeros).
        case SfpuOp::Sign: each([](F v, F) { return v == 0.0f ? 0.0f : std::signbit(v) ? -1.0f : 1.0f; }); break;
        case SfpuOp::PowerScalar: each([p](F v, F) { return std::pow(v, p); }); break;
        case SfpuOp::PowerIterative: {
            // calculate_unary_power_iterative: the result times v, param0 - 1 times, each product
            // rounded to float32; exponent 0 gives 1.
            const uint32_t n = param0;
            each([n](F v, F) {
                if (n == 0) return 1.0f;
                F r = v;
                for (uint32_t i = 1; i < n; ++i) r *= v;
                return r;
            });
            break;
        }
        case SfpuOp::Clamp: each([p, p1](F v, F) { return std::min(std::max(v, p), p1); }); break;
        case SfpuOp::Threshold: each([p, p1](F v, F) { return v <= p ? p1 : v; }); break;
        case SfpuOp::Log1p: each([](F v, F) { return std::log1p(v); }); break;
        default: each([](F v, F) { return v; }); break;  // Identity, TypecastFp32ToFp16b (rounded below)
    }
    if (flags & kSfpuRoundBf16)
        for (int i = 0; i < kTileHW; ++i) r[i] = bf16_round(r[i]);
    constexpr int kFaceHW = kTileHW / 4;
    for (int f = 0; f < 4; ++f)
        if (!(faces >> f & 1)) std::memcpy(r + f * kFaceHW, kept + f * kFaceHW, sizeof(float) * kFaceHW);
    if (cs.fp32_acc) {
        cs.undefined_rows(out) = 0;
    } else {
        cs.store(out, r);
    }
    ++t.counters.sfpu_tiles;
    if (t.costs) {
        // The cost column: the approximate mode, or the variant of the LLK code the op runs (see
        // costs.cpp): where writing over its condition, softplus's bfloat16 path, cbrt / elu / lerp's bfloat16 one.
        const bool variant = op == SfpuOp::Where      ? odst == dst0
                             : op == SfpuOp::Softplus ? inp_bf16
                             : op == SfpuOp::Cbrt || op == SfpuOp::Elu || op == SfpuOp::Lerp
                                 ? (flags & kSfpuRoundBf16) != 0
                                                      : (flags & kSfpuApprox) != 0;
        timing::record(t, timing::Op::Compute, uint8_t(timing::kSfpuOp + static_cast<int>(op)), 0, 0,
                       t.costs->sfpu[static_cast<int>(op)][variant ? 1 : 0] * std::popcount(faces) / 4 +
                           t.costs->math_call);
    }
}

void pack_tile(uint32_t idst, uint32_t cb, uint32_t out_tile, bool out_of_order) {
    TTEMU_ENTER();
    const float* d = cs.pack_tile(idst, "pack_tile");
    CircularBuffer& c = cb_of(t, cb, "pack_tile");
    const uint32_t index = out_of_order ? out_tile : c.wr_tile_ptr;
    if (index >= c.reserved)
        fault(nullptr, fmt("pack_tile writes tile %u of c_%u, but only %u pages were reserved (cb_reserve_back)", index,
                           cb, c.reserved));
    if (!out_of_order) ++c.wr_tile_ptr;
    uint8_t* p = t.core->l1 + c.base + ((c.wr_page + index) % c.num_pages) * c.page_size;
    pack_to(t, c, p, d);
    timing::record(t, timing::Op::Pack, timing::kPackTile, 0, 1, 0, timing::pack_tile(t, c.format));
}

}  // namespace abi

namespace detail {

void pack_to(Thread& t, CircularBuffer& c, uint8_t* p, const float* d) {
    const ComputeState& cs = *t.compute;
    alignas(64) float m[kTileHW];
    if (cs.pack_edge_mask) {
        // The edge masks reduce_init programs (_llk_pack_reduce_mask_config_): every packer
        // writes zero for the masked datums. Each face's packer keeps, per 16-datum row:
        //   REDUCE_ROW:    datum 0 of every row of every face (tile columns 0 and 16);
        //   REDUCE_COL:    row 0 of faces 0 and 1 (tile row 0); faces 2 and 3 are zero;
        //   REDUCE_SCALAR: datum 0 of row 0 of face 0.
        std::memset(m, 0, sizeof m);
        switch (cs.pack_edge_mask - 1) {
            case 0:
                for (int r = 0; r < 64; ++r) m[r * 16] = d[r * 16];
                break;
            case 1:
                for (int c = 0; c < 16; ++c) m[c] = d[c], m[256 + c] = d[256 + c];
                break;
            default: m[0] = d[0]; break;
        }
        d = m;
    }
    if (cs.pack_l1_acc || cs.pack_relu) {
        // L1 accumulation: the packer adds the tile already in L1 (in fp32) before it rounds to
        // the CB format; ReLU applies to the value written, after the accumulation.
        alignas(64) float acc[kTileHW];
        if (cs.pack_l1_acc) decode_tile(p, c.format, acc);
        for (uint32_t i = 0; i < kTileHW; ++i) {
            float v = cs.pack_l1_acc ? acc[i] + d[i] : d[i];
            switch (cs.pack_relu) {
                case 1: v = v > 0 ? v : 0; break;                                         // ZERO_RELU
                case 2: v = v > cs.pack_relu_threshold ? v : 0; break;                    // MIN_THRESHOLD
                case 3: v = v < 0 ? 0 : (v > cs.pack_relu_threshold ? cs.pack_relu_threshold : v); break;
                default: break;
            }
            m[i] = v;
        }
        d = m;
    }
    encode_tile(d, c.format, p);
    ++t.counters.tiles_packed;
}

}  // namespace detail

namespace abi {

void pack_l1_acc(bool enable) {
    TTEMU_ENTER();
    cs.pack_l1_acc = enable;
}

void pack_relu(uint8_t mode, uint32_t threshold_bf16) {
    TTEMU_ENTER();
    if (mode > 3) fault(nullptr, fmt("pack_relu_config: ReLU mode %u is not a ReluType", mode));
    cs.pack_relu = mode;
    const uint32_t bits = threshold_bf16 << 16;
    std::memcpy(&cs.pack_relu_threshold, &bits, 4);
}

}  // namespace abi
}  // namespace ttemu
