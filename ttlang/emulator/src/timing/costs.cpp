// The cost tables of the timing model: one per architecture (fields: cost_model.hpp).
//
// Every number comes from a public per-operation fact, named next to it. Source shorthands:
//   ISA   tenstorrent/tt-isa-documentation, WormholeB0/... (commit 393047195250f926)
//   GEMM  tenstorrent/tt-metal tech_reports/GEMM_FLOPS/GEMM_FLOPS.md (06bd3735f7df2921)
//   ME    tenstorrent/tt-metal tech_reports/matrix_engine/matrix_engine.md
//   DM    tenstorrent/tt-metal tests/tt_metal/tt_metal/data_movement/documentation/perf_plots/
//   NPE   tenstorrent/tt-npe tt_npe/cpp/include/device_models/{wormhole_b0,blackhole}.hpp
//   LLK   the LLK sources of the ttnn 0.81.1 wheel, ttnn/tt_metal/tt-llk/tt_llk_wormhole_b0/
//   SOC   the soc descriptors of the ttnn 0.81.1 wheel, ttnn/tt_metal/soc_descriptors/
//   PR #n tenstorrent/tt-metal pull request n (measurements of an LLK kernel)
// "derived" marks a number computed from such facts (the computation is given); no number here
// was fitted to an end-to-end result (benchmarks/timing_model.py prints those as checks).
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "tile.hpp"
#include "timing/cost_model.hpp"

namespace ttemu::timing {

FormatClass format_class(uint8_t f) {
    switch (f) {
        case kFloat32:
        case kInt32:
        case kUInt32: return kFp32;
        case kBfp8_b: return kBfp8;
        case kBfp4_b: return kBfp4;
        default: return kFp16;
    }
}

namespace {

// An SFPU instruction processes one 32-lane vector (4 rows x 8 columns of DST); a 32x32 tile is 32
// of them, and the SFPU accepts one instruction per cycle (ISA VectorUnit.md: "32 lanes of 32
// bits"; "can only accept one instruction per cycle"). An op counted in issue slots per vector op
// costs 32 x slots per tile.
constexpr uint32_t kVectorsPerTile = 32;
constexpr uint32_t slots(uint32_t n) { return kVectorsPerTile * n; }

// SFPU cycles per tile, {exact, approximate}, in abi::SfpuOp order (Wormhole; measurements on
// Float16_b data in the tt-llk perf suite unless noted).
constexpr uint32_t kSfpu[kSfpuOps][2] = {
    {1161, 189},  // Exp: PR #32968, exp_21f 1161 cycles/tile; "exp+fast+approx" 189.4
    {620, 620},   // Log: derived, ~19 slots/vector (LLK ckernel_sfpu_log.h: setexp, 3 dependent MADs,
                  //   exexp, 2 converts, MAD, v_if, load/store) x 32; no approximate variant
    {880, 560},   // Sqrt: PR #54317, 27.5 / 17.5 issue slots per vector (accurate / approx) x 32
    {1000, 690},  // Rsqrt: PR #54317, 31.5 / 21.5 slots x 32
    {1060, 1060},  // Recip: PR #54938, reciprocal 135610 cycles / 128 tiles; no figure for fast mode
    {slots(3), slots(3)},  // Abs: derived, load / setsgn / store
    {slots(3), slots(3)},  // Neg: derived, load / invert sign / store
    {slots(3), slots(3)},  // Relu: derived, load / max with 0 / store
    {2221, 198},  // Sigmoid: approx PR #55061 (25320 cycles / 128 tiles); exact derived as exp + recip
    {470, 470},   // Tanh: PR #52732, 14.75 slots x 32 (the polynomial; no separate approximate path)
    {223, 223},   // GeluApprox (tanh form, LUT path): tt-metal issue #52407, 222.76 cycles/tile (BH)
    {2849, 2849},  // Gelu (erf): tt-metal issue #52407, 2848.90 cycles/tile (BH)
    {2253, 230},  // Silu: derived, sigmoid (above) + one multiply (slots(1))
    {slots(4), slots(4)},  // Square: derived, load / mul / nop (MAD latency 2) / store
    {slots(4), slots(4)},  // AddScalar: derived, load / add / nop / store (ISA: SFPADD latency 2)
    {slots(4), slots(4)},  // SubScalar
    {slots(4), slots(4)},  // MulScalar
    {slots(4), slots(4)},  // DivScalar (multiply by the reciprocal of the scalar)
    {slots(4), slots(4)},  // RsubScalar
    {298, 298},   // ReluMin: PR #54938, relu_max 38205 cycles / 128 tiles (relu_min is the same shape)
    {298, 298},   // ReluMax: PR #54938
    {slots(2), slots(2)},  // Fill: derived, load immediate / store
    // Sin, Cos, Tan: estimates, not measured: a range reduction (multiply by 1/pi, round, subtract:
    // ~6 slots), an odd/even Maclaurin polynomial in Horner form (~8 MADs with their latency) and
    // the sign fix-up (~3), load / store: ~20 slots; tan a longer polynomial and a reciprocal (~34).
    {slots(20), slots(20)},  // Sin
    {slots(20), slots(20)},  // Cos
    {slots(34), slots(34)},  // Tan
    {slots(5), slots(5)},  // AddBinary: derived, 2 loads / add / nop / store
    {slots(5), slots(5)},  // SubBinary
    {slots(5), slots(5)},  // MulBinary
    {1220, 1220},  // DivBinary: derived, recip (above) + MulBinary
    {slots(5), slots(5)},  // RsubBinary
    {slots(5), slots(5)},  // MaxBinary: derived, 2 loads / swap-min-max / store
    {slots(5), slots(5)},  // MinBinary
    {1941, 1941},  // PowBinary: derived, log + exp + multiply (620 + 1161 + 160)
    // Where {output elsewhere, output over the condition}: LLK sfpu/ckernel_sfpu_where.h, "4 cycles
    // per input row of 32 values" / "3 cycles" (its SFPLOADMACRO schedules) x 32 rows.
    {slots(4), slots(3)},
    // Ltz .. Nez: LLK ckernel_sfpu_comp.h calculate_comp, its TTI instructions per row: eqz / nez 6
    // (SFPLOAD, SETSGN, STORE, SETCC, STORE, ENCC), ltz / gtz 8 (+ SETCC, IADD), gez / lez 10.
    {slots(8), slots(8)},    // Ltz
    {slots(8), slots(8)},    // Gtz
    {slots(10), slots(10)},  // Lez
    {slots(10), slots(10)},  // Gez
    {slots(6), slots(6)},    // Eqz
    {slots(6), slots(6)},    // Nez
    // UnaryNe .. UnaryLe: derived, LLK ckernel_sfpu_unary_comp.h per row: load, v - s (SFPMAD) and
    // its latency slot, SFPSETCC (gt / le: two, GTE0 and NE0), the 0/1 move, SFPENCC, store: 7 / 8.
    {slots(7), slots(7)},  // UnaryNe
    {slots(7), slots(7)},  // UnaryEq
    {slots(8), slots(8)},  // UnaryGt
    {slots(7), slots(7)},  // UnaryLt
    {slots(7), slots(7)},  // UnaryGe
    {slots(8), slots(8)},  // UnaryLe
    // Softplus {INP_FLOAT32 path, bfloat16 path}: estimates from LLK ckernel_sfpu_softplus.h, every
    // instruction issued for every row (predication): load, beta x, the threshold compare (3),
    // setsgn; fp32: a degree-8 polynomial (8 dependent MADs, 16 slots), the |t| > 5 branch with
    // softplus_exp_negative (rounding ~5, 2 MADs, a degree-7 polynomial 14, exexp / iadd / setexp /
    // compare ~5) and 3 MADs (6); then max, add, multiply, store and ENCCs (~8): ~65 slots. bf16: a
    // degree-6 polynomial (12), the branch (2), max / add / multiply / convert / store (~12): ~33.
    {slots(65), slots(33)},
    // Hardsigmoid: derived, LLK ckernel_sfpu_activations.h: load, MAD + latency slot, relu_max
    // (two compare-and-set pairs, ~6), store: 10 slots.
    {slots(10), slots(10)},
    // Softsign: derived, LLK ckernel_sfpu_softsign.h: load, abs, add (+ latency), sfpu_reciprocal
    // (Recip above, 1060), multiply (+ latency), store: 1060 + slots(7).
    {1060 + slots(7), 1060 + slots(7)},
    // Celu: estimate, LLK ckernel_sfpu_celu.h: load, multiply (2), expm1_cw_clamped
    // (ckernel_sfpu_expm1_cw.h: max, Cody-Waite reduction 4 MADs, a degree-5 polynomial, setexp and
    // 2 MADs, ~16 dependent instructions, ~28 slots), multiply (2), compare / move / ENCC, store: ~36.
    {slots(36), slots(36)},
    // Softshrink: derived, LLK ckernel_sfpu_softshrink.h: load, clamp (2 SFPSWAP min / max),
    // subtract (+ latency), store: 6 slots.
    {slots(6), slots(6)},
    // Hardshrink: derived, LLK ckernel_sfpu_hardshrink.h: load, setsgn, lambda - |x| (+ latency),
    // SETCC, store 0, ENCC: 7 slots.
    {slots(7), slots(7)},
    // Cbrt {fp32 DST path, bfloat16 path}: estimates, LLK ckernel_sfpu_cbrt.h: fp32 ~18
    // instructions (abs, convert, 14 MADs / multiplies, shift, addexp, copysign), most dependent
    // (~2 slots each), + load / store: ~38 slots; bf16 ~11 of them + convert: ~28.
    {slots(38), slots(28)},
    // Erf: estimate, LLK ckernel_sfpu_erf.h / ckernel_sfpu_piecewise_rational.h: clamp, x^2, the
    // interleaved numerator / denominator Horner on x^2 (~10), sfpu_reciprocal (~33), multiply,
    // clamp, load / store: ~53 slots.
    {slots(53), slots(53)},
    // Erfc: estimate, LLK ckernel_sfpu_erfc.h: abs / min, two segments of degree 4/5 rationals
    // with the segment selection (~16), sfpu_reciprocal (~33), the x < 0 fix-up (3), load / store: ~56.
    {slots(56), slots(56)},
    // Mask: derived, LLK ckernel_sfpu_mask.h calculate_mask, per row: SFPLOAD of the mask,
    // SFPSETCC EQ0 (v == 0.0f), SFPSTORE of the 0.0 constant register, SFPENCC: 4 slots.
    {slots(4), slots(4)},
    // MaskPosinf: derived, calculate_mask_posinf: the same + SFPLOADI of +inf (0x7F80 upper half): 5.
    {slots(5), slots(5)},
    // Elu {fp32 result, bfloat16 result}: estimate, LLK ckernel_sfpu_elu.h calculate_elu with
    // ckernel_sfpu_expm1_cw.h expm1_cw_clamped: load, max with -87 (SFPSWAP, 2), the Cody-Waite
    // reduction (4 dependent MADs, 8 slots), a degree-5 polynomial (INP_FLOAT32; 5 MADs, 10) and r * h
    // (2), the exponent as an integer and setexp (2), (2^k - 1) + 2^k h (2 MADs, 4), alpha * (2), the
    // x >= 0 setcc / move / ENCC (3), store: ~35 slots; is_fp32_dest_acc_en false adds the
    // convert to bfloat16 (SFPSTOCHRND + latency, 2): ~37.
    {slots(35), slots(37)},
    // Lerp {fp32 result, bfloat16 result}: derived, LLK ckernel_sfpu_lerp.h calculate_lerp, per row:
    // 3 SFPLOADs, in1 - in0 (SFPADD + latency slot), in0 + in2 * d (SFPMAD + latency), SFPSTORE: 8;
    // float32_to_bf16_rne (ckernel_sfpu_conversions.h: shift, and, 2 integer adds, and): +5.
    {slots(8), slots(13)},
    // TypecastFp32ToFp16b: derived, tt-llk _calculate_typecast_fp32_to_fp16b_: load, the
    // round-to-nearest-even of float32_to_bf16_rne (shift, and, 2 integer adds, and: 5), store: 7.
    {slots(7), slots(7)},
    // Sign: derived, LLK ckernel_sfpu_sign.h calculate_sign: load, the sign test (SETCC) and the
    // loads of -1 / +1 under it (2 + 2), the zero test and its load of 0 (2), ENCC, store: 9 slots.
    {slots(9), slots(9)},
    // PowerScalar: derived as PowBinary (calculate_unary_power: log2, multiply, exp2): 1941.
    {1941, 1941},
    // PowerIterative: estimate, LLK calculate_unary_power_iterative: load, one dependent multiply
    // (2 slots) per exponent step, store; charged for the exponent 2 (one multiply): 4 slots.
    {slots(4), slots(4)},
    // Identity: derived, LLK ckernel_sfpu_identity.h: load, store: 2 slots.
    {slots(2), slots(2)},
    // Clamp: derived, LLK ckernel_sfpu_clamp.h calculate_clamp: load, then per bound the
    // parameter load (1) and calculate_unary_max_min_float_body (SFPSWAP, 2), store: 8 slots.
    {slots(8), slots(8)},
    // Threshold: derived, tt-llk ckernel_sfpu_threshold.h: load, the v_if compare (subtract +
    // latency, SETCC: 3), the move of value, ENCC, store: 7 slots.
    {slots(7), slots(7)},
    // Log1p: derived, LLK ckernel_sfpu_log1p.h: 1 + x (2 slots) then the log body (Log above, 620).
    {620 + slots(2), 620 + slots(2)},
};

// Unpacking a 32x32 tile: one UNPACR per 16x16 face, each spending at least 2 cycles on its
// address and then reading L1 at up to 64 B/cycle (ISA UNPACR_Regular.md: "at least two cycles
// calculating the initial input address"; "x4 speed: Up to 64 bytes per cycle from L1"). A block
// float face's exponents come through a port of their own, in parallel: "four 128-bit reads from
// L1 per cycle (plus another 128-bit read for BFP exponents when unpacking BFP formats)" (ISA
// L1.md), so the face takes its datums' time. Derived: 4 x (2 + ceil(datum bytes / 64)).
constexpr uint32_t unpack_tile(uint32_t datum_bytes) { return 4 * (2 + (datum_bytes + 63) / 64); }
// Packing: four packers, one face each, 16 B/cycle each on Wormhole (ISA L1.md: "four packers,
// each theoretically capable of one 128-bit write per cycle"), plus 2 cycles for the PACR.
// Derived: 2 + ceil(face bytes / 16).
constexpr uint32_t pack_tile(uint32_t face_bytes, uint32_t bytes_per_cycle) {
    return 2 + (face_bytes + bytes_per_cycle - 1) / bytes_per_cycle;
}
// Tilize (LLK llk_unpack_tilize.h, _llk_unpack_tilize_ / unpack_tilize_impl): per tile, two
// UNPACRs in tileize mode (faces 0-1, then 2-3), each spending its 2 address cycles and then
// reading 16 row-major rows of 32 datums; the rows are a whole block row apart in L1, so each is
// a read of its own, at up to 64 B/cycle (ISA UNPACR_Regular.md, as unpack_tile). Derived:
// 2 x (2 + 16 x ceil(32 datums / 64 B)). (32-bit data unpacked to DST takes the same UNPACRs.)
constexpr uint32_t unpack_tilize(uint32_t datum_bytes) { return 2 * (2 + 16 * ((32 * datum_bytes + 63) / 64)); }
// Unpack untilize (LLK llk_unpack_untilize.h, _llk_unpack_untilize_mop_config_ / _pass_): per
// tile and face row (16 rows x 2 passes), a 5-instruction replay: DMANOP, two UNPACRs of one
// 16-datum face row each (2 address cycles + ceil(16 x datum bytes / 64) of read), ADDDMAREG,
// ADDRCRZW. Derived: 32 x (3 + 2 x (2 + ceil(16 x datum bytes / 64))).
constexpr uint32_t unpack_untilize(uint32_t datum_bytes) { return 32 * (3 + 2 * (2 + (16 * datum_bytes + 63) / 64)); }
// Pack untilize (LLK llk_pack_untilize.h, _llk_pack_untilize_mop_config_ / _llk_pack_untilize_):
// per tile, 8 row iterations x 2 PACRs (MEGAROW), each of the four packers writing one 16-datum
// row (16 x datum bytes at 16 B/cycle, ISA L1.md as pack_tile) after the PACR's 2 cycles.
// Derived: 16 x (2 + ceil(16 x datum bytes / bytes per cycle)).
constexpr uint32_t pack_untilize(uint32_t datum_bytes, uint32_t bytes_per_cycle) {
    return 16 * (2 + (16 * datum_bytes + bytes_per_cycle - 1) / bytes_per_cycle);
}
// Datum bytes of the formats that have a row-major layout (Float32, Float16_b); 0: none.
constexpr uint32_t kRowDatumBytes[kFormatClasses] = {4, 2, 0, 0};
// Face bytes by format class: Float32 1024, Float16_b 512, Bfp8_b 256 + 16 exponents, Bfp4_b
// 128 + 16 (BRIEF section 5: tiles of 4096, 2048, 1088 and 576 bytes).
constexpr uint32_t kFaceBytes[kFormatClasses] = {1024, 512, 272, 144};
// Datum bytes of a face, without the block floats' exponents: what the unpacker's datum ports read.
constexpr uint32_t kFaceDatumBytes[kFormatClasses] = {1024, 512, 256, 128};

Costs make_wormhole() {
    Costs c{};
    c.arch = "wormhole_b0";
    c.clock_ghz = 1.0;  // BRIEF section 5
    // Math. GEMM: "The matrix engine performs 8x16 x 16x16 = 8x16 in a single cycle"; LLK
    // llk_math_matmul.h replays 16 MVMULs per 32x32x32 tile, once per fidelity phase (16 / 32 /
    // 48 / 64 cycles at LoFi / HiFi2 / HiFi3 / HiFi4, as GEMM's "cycle_per_tile").
    c.matmul_per_phase = 16;
    // LLK llk_math_eltwise_binary.h: 4 faces x 2 ELWADD of 8 rows (ISA: 1 per cycle); ELWMUL the
    // same once per fidelity phase (ISA MatrixUnit.md: 0.256 / 0.128 / 0.085 / 0.064 TFLOP/s).
    c.eltwise_add = 8;
    c.eltwise_mul_per_phase = 8;
    // LLK llk_math_eltwise_unary_datacopy.h: 4 faces x 2 MOVA2D of 8 rows.
    c.datacopy = 8;
    // LLK llk_math_reduce.h: a row sum replays 8 MVMULs per fidelity phase; a row max is 4 GMPOOL
    // plus two transposes through SrcB (2 MOVD2B, TRNSPSRCB, ZEROSRC, 2 ELWADD, SETRWCs), ~30.
    c.reduce_per_phase = 8;
    c.reduce_max = 30;
    // transpose_wh_tile: the unpacker transposes, math is an A2D datacopy (api/compute/transpose.h).
    c.transpose = 8;
    // Issuing one LLK math call: a MOP push and its address-counter resets, ~4 instructions at
    // one per cycle (ISA MOPExpander.md). Derived.
    c.math_call = 4;
    std::memcpy(c.sfpu, kSfpu, sizeof c.sfpu);
    // sfpu_reduce: derived, 32 vectors x ~8 slots (loads, adds across lanes via SFPSHFT/TRANSP).
    c.sfpu_reduce = slots(8);
    for (int f = 0; f < kFormatClasses; ++f) {
        c.unpack_tile[f] = unpack_tile(kFaceDatumBytes[f]);
        c.pack_tile[f] = pack_tile(kFaceBytes[f], 16);
        const uint32_t db = kRowDatumBytes[f];
        c.unpack_tilize[f] = db ? unpack_tilize(db) : 0;
        c.unpack_untilize[f] = unpack_untilize(db ? db : 1);  // block floats: one datum byte
        c.pack_untilize[f] = db ? pack_untilize(db, 16) : 0;
    }
    // The two unpackers together: "If both unpackers are operating, they can theoretically jointly
    // achieve five 128-bit reads from L1 per cycle" (ISA L1.md): 80 B/cycle.
    c.unpack_l1_bytes_per_cycle = 80;
    c.unpack_call = 4;  // as math_call: one MOP push (derived)
    c.pack_call = 4;
    // Reconfiguration (no public cycle figure). Derived from the config writes of the LLK's
    // hw_configure / init functions at 1-2 cycles each (ISA ConfigurationUnit.md: SETC16 1 cycle,
    // WRCFG 2): hw_configure writes ~60 registers per thread, an op init ~15 (MOP programming),
    // a data format reconfig ~10.
    for (int i = 0; i < 3; ++i) {
        c.hw_startup[i] = 120;
        c.op_init[i] = 30;
        c.reconfig[i] = 20;
    }
    // Data movement RISCs: in-order RV32IM at one instruction per cycle; loads from NoC / overlay
    // registers take >= 7 cycles, from L1 >= 8 (ISA BabyRISCV/README.md).
    //   CB calls: one overlay-register load, a store and ~6 ALU / local-memory ops: derived 14.
    //   NoC issue: DM "One from One": 256 back-to-back 32 B reads take 5145 cycles (20 each);
    //   "One to One": 256 writes 5903 cycles (23 each). A barrier: one counter load and compare.
    c.cb_call = 14;
    c.noc_read_issue = 20;
    c.noc_write_issue = 23;
    c.barrier_call = 10;
    c.sem_call = 12;   // derived: a semaphore word load (L1, >= 8) and compare or store
    c.addr_gen = 10;   // derived: bank index and offset from precomputed constants, ~10 ALU ops
    c.arg_read = 8;    // an L1 load (>= 8 cycles)
    c.poll = 10;       // one turn of a polling loop: a register load and a branch
    // NoC: "One flit (256 bits) per cycle per axis | 9 cycles" router to router, ~5 cycles NIU to
    // router and router to NIU (ISA NoC/README.md); 8 KiB packets ("one header flit and 256 data
    // flits to transport 8192 bytes").
    c.link_bytes_per_cycle = 32;
    c.hop_cycles = 9;
    c.niu_cycles = 5;
    c.max_burst = 8192;
    // Outstanding requests per NoC interface: read request headers take 32 B of a router's 2 KiB
    // inbound buffer (ISA DRAMTile/README.md), so at most 64 are in flight. Derived; writes alike.
    c.max_reads = 64;
    c.max_writes = 64;
    // DRAM: a GDDR6 channel "theoretically capable of reading at 24 GB/s", sustaining
    // "approximately 92% of the theoretical maximum" (ISA DRAMTile/README.md): 22.1 B/cycle.
    // Access latency beyond an L1 target: DM "DRAM Interleaved Packet Sizes" (one 32 B read: 384
    // cycles) against "One from One" (one 32 B L1 read: 290): 94 cycles.
    c.dram_bytes_per_cycle = 24.0 * 0.92;
    c.dram_latency = 94;
    // Dispatch of a program with a data movement and a compute kernel: 2.97 us (tt-metal
    // tests/tt_metal/tt_metal/perf_microbenchmark/dispatch/pgm_dispatch_golden.json,
    // brisc+trisc 256 B kernels, trace).
    c.launch_cycles = 2970;
    // SOC wormhole_b0_80_arch.yaml: a 10 x 12 grid; Tensix columns 1-4 and 6-9, rows 1-5 and
    // 7-11. An n150 fuses one row off and keeps one for dispatch (core_descriptors: compute grid
    // 8x8, dispatch the last row): the model takes rows 1-5, 7-9 for the 8x8 compute grid.
    c.noc_x = 10;
    c.noc_y = 12;
    const uint8_t cols[8] = {1, 2, 3, 4, 6, 7, 8, 9}, rows[8] = {1, 2, 3, 4, 5, 7, 8, 9};
    std::memcpy(c.worker_col, cols, 8);
    std::memcpy(c.worker_row, rows, 8);
    // SOC dram_views: bank b's worker endpoint (the same for NoC 0 and NoC 1), x-y.
    const uint8_t dram[12][2] = {{0, 11}, {0, 1}, {0, 5}, {0, 7}, {5, 1}, {5, 11},
                                 {5, 2},  {5, 9}, {5, 8}, {5, 3}, {5, 5}, {5, 7}};
    c.dram_banks = 12;
    for (int b = 0; b < 12; ++b)
        for (int n = 0; n < 2; ++n) std::memcpy(c.dram_node[b][n], dram[b], 2);
    return c;
}

Costs make_blackhole() {
    // Per-instruction cycles are Wormhole's: tt-isa-documentation's BlackholeA0 tree shares the
    // Wormhole text for the unpackers and L1 ("similar, but not identical"), and the matrix engine
    // report says its figures apply to both ("All numbers and values apply to both Wormhole and
    // Blackhole devices", ME). Measurements say Blackhole's unpacker is faster (docs/performance.md:
    // tt-llk #316's add_tiles sweep, GEMM_FLOPS's P150 rows); no per-instruction figure for it is
    // public yet. What differs:
    Costs c = make_wormhole();
    c.arch = "blackhole";
    c.clock_ghz = 1.35;  // BRIEF section 5
    // One packer with four 32 B/cycle interfaces (tt-llk issue #916: "PACR per bf16 face row = 2
    // cycles (WH) / 1 (BH)").
    for (int f = 0; f < kFormatClasses; ++f) {
        c.pack_tile[f] = pack_tile(kFaceBytes[f], 32);
        if (kRowDatumBytes[f]) c.pack_untilize[f] = pack_untilize(kRowDatumBytes[f], 32);
    }
    // DM blackhole "One from One": 256 back-to-back 64 B reads take 9279 cycles (36 each).
    c.noc_read_issue = 36;
    c.noc_write_issue = 39;  // derived: the read's plus the write's three extra register stores
    // NoC: 512-bit payload (noc_parameters.h NOC_PAYLOAD_WIDTH 512), 16 KiB packets; NPE models a
    // hop at 11 cycles against Wormhole's 10, so the router hop scales to 10.
    c.link_bytes_per_cycle = 64;
    c.hop_cycles = 10;
    c.max_burst = 16384;
    // DRAM: 8 banks of 64 GB/s (Saturating_DRAM_bandwidth_Blackhole.md: "512 GB/s / 8 banks = 64
    // GB/s, i.e. 64e9 / 1.35e9 ~ 47.4 bytes/cycle"), the GDDR6 efficiency as on Wormhole. Access
    // latency: DM blackhole one 64 B DRAM read 479 cycles, one L1 read 368: 111.
    c.dram_bytes_per_cycle = 64.0 / 1.35 * 0.92;
    c.dram_latency = 111;
    // pgm_dispatch_blackhole_golden.json: a 256 B kernel program 1.29 us.
    c.launch_cycles = 1742;
    // SOC blackhole_140_arch.yaml: a 17 x 12 grid; Tensix columns 1-7 and 10-16, rows 2-11; the
    // p150's 13x10 compute grid leaves the last column for dispatch (core_descriptors).
    c.noc_x = 17;
    c.noc_y = 12;
    std::memset(c.worker_col, 0, sizeof c.worker_col);
    std::memset(c.worker_row, 0, sizeof c.worker_row);
    const uint8_t cols[13] = {1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15}, rows[10] = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    std::memcpy(c.worker_col, cols, 13);
    std::memcpy(c.worker_row, rows, 10);
    // SOC dram_views: bank b = channel b, worker endpoints for NoC 0 and NoC 1.
    const uint8_t dram[8][2][2] = {{{0, 11}, {0, 1}}, {{0, 2}, {0, 10}}, {{0, 9}, {0, 4}}, {{0, 5}, {0, 7}},
                                   {{9, 11}, {9, 1}}, {{9, 3}, {9, 10}}, {{9, 8}, {9, 4}}, {{9, 6}, {9, 7}}};
    std::memset(c.dram_node, 0, sizeof c.dram_node);
    std::memcpy(c.dram_node, dram, sizeof dram);
    c.dram_banks = 8;
    return c;
}

// TTEMU_COSTS="name=value,name=value": what-if changes to the table (docs/performance.md), e.g.
// "dram_bytes_per_cycle=44.16" for twice the DRAM bandwidth. An unknown name or a bad value is
// an error: a study with a typo must not silently run the unchanged model.
void apply_overrides(Costs& c) {
    const char* env = std::getenv("TTEMU_COSTS");
    if (!env || !*env) return;
    struct Field {
        const char* name;
        uint32_t Costs::*u;
        double Costs::*d;
    };
    static const Field fields[] = {
        {"matmul_per_phase", &Costs::matmul_per_phase, nullptr},
        {"eltwise_add", &Costs::eltwise_add, nullptr},
        {"eltwise_mul_per_phase", &Costs::eltwise_mul_per_phase, nullptr},
        {"datacopy", &Costs::datacopy, nullptr},
        {"reduce_per_phase", &Costs::reduce_per_phase, nullptr},
        {"math_call", &Costs::math_call, nullptr},
        {"unpack_call", &Costs::unpack_call, nullptr},
        {"pack_call", &Costs::pack_call, nullptr},
        {"unpack_l1_bytes_per_cycle", &Costs::unpack_l1_bytes_per_cycle, nullptr},
        {"cb_call", &Costs::cb_call, nullptr},
        {"noc_read_issue", &Costs::noc_read_issue, nullptr},
        {"noc_write_issue", &Costs::noc_write_issue, nullptr},
        {"barrier_call", &Costs::barrier_call, nullptr},
        {"link_bytes_per_cycle", &Costs::link_bytes_per_cycle, nullptr},
        {"hop_cycles", &Costs::hop_cycles, nullptr},
        {"niu_cycles", &Costs::niu_cycles, nullptr},
        {"max_reads", &Costs::max_reads, nullptr},
        {"max_writes", &Costs::max_writes, nullptr},
        {"dram_latency", &Costs::dram_latency, nullptr},
        {"launch_cycles", &Costs::launch_cycles, nullptr},
        {"dram_bytes_per_cycle", nullptr, &Costs::dram_bytes_per_cycle},
        {"clock_ghz", nullptr, &Costs::clock_ghz},
    };
    std::string spec = env;
    size_t at = 0;
    while (at < spec.size()) {
        size_t end = spec.find(',', at);
        if (end == std::string::npos) end = spec.size();
        const std::string item = spec.substr(at, end - at);
        at = end + 1;
        const size_t eq = item.find('=');
        const std::string name = item.substr(0, eq);
        const Field* f = nullptr;
        for (const Field& x : fields)
            if (name == x.name) f = &x;
        char* rest = nullptr;
        const double v = eq == std::string::npos ? 0 : std::strtod(item.c_str() + eq + 1, &rest);
        if (!f || eq == std::string::npos || rest == item.c_str() + eq + 1 || *rest || !(v > 0))
            throw std::invalid_argument("TTEMU_COSTS: '" + item +
                                        "' is not name=value with a positive value and a name of the cost "
                                        "table (timing/costs.cpp apply_overrides lists them)");
        if (f->u)
            c.*(f->u) = static_cast<uint32_t>(v);
        else
            c.*(f->d) = v;
    }
}

Costs with_overrides(Costs c) {
    apply_overrides(c);
    return c;
}

}  // namespace

const Costs& wormhole_b0_costs() {
    static const Costs c = with_overrides(make_wormhole());
    return c;
}

const Costs& blackhole_costs() {
    static const Costs c = with_overrides(make_blackhole());
    return c;
}

const Costs& costs_for(const char* arch) {
    return std::strcmp(arch, "blackhole") == 0 ? blackhole_costs() : wormhole_b0_costs();
}

}  // namespace ttemu::timing
