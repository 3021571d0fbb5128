// The cost tables of the timing model, one per architecture (the fields: cost_model.hpp).
// PROVISIONAL: values being sourced; see docs/performance.md once written.
#include <cstring>

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

// SFPU cycles per tile, [exact, approximate], in abi::SfpuOp order.
constexpr uint32_t kSfpuWormhole[kSfpuOps][2] = {
    {320, 160},  // Exp
    {480, 480},  // Log
    {480, 192},  // Sqrt
    {480, 192},  // Rsqrt
    {480, 224},  // Recip
    {96, 96},    // Abs
    {96, 96},    // Neg
    {96, 96},    // Relu
    {640, 288},  // Sigmoid
    {640, 288},  // Tanh
    {480, 480},  // GeluApprox
    {800, 800},  // Gelu
    {704, 352},  // Silu
    {96, 96},    // Square
    {96, 96},    // AddScalar
    {96, 96},    // SubScalar
    {96, 96},    // MulScalar
    {96, 96},    // DivScalar
    {96, 96},    // RsubScalar
    {128, 128},  // ReluMin
    {128, 128},  // ReluMax
    {64, 64},    // Fill
    {128, 128},  // AddBinary
    {128, 128},  // SubBinary
    {128, 128},  // MulBinary
    {608, 352},  // DivBinary
    {128, 128},  // RsubBinary
    {160, 160},  // MaxBinary
    {160, 160},  // MinBinary
    {1280, 1280},  // PowBinary
};

Costs make_wormhole() {
    Costs c{};
    c.arch = "wormhole_b0";
    c.clock_ghz = 1.0;
    c.matmul_per_phase = 16;
    c.eltwise_add = 8;
    c.eltwise_mul_per_phase = 8;
    c.datacopy = 8;
    c.reduce_per_phase = 16;
    c.transpose = 16;
    c.math_call = 8;
    std::memcpy(c.sfpu, kSfpuWormhole, sizeof c.sfpu);
    c.sfpu_reduce = 256;
    c.unpack_tile[kFp32] = 64;
    c.unpack_tile[kFp16] = 32;
    c.unpack_tile[kBfp8] = 20;
    c.unpack_tile[kBfp4] = 16;
    c.pack_tile[kFp32] = 64;
    c.pack_tile[kFp16] = 32;
    c.pack_tile[kBfp8] = 40;
    c.pack_tile[kBfp4] = 40;
    c.unpack_call = 8;
    c.pack_call = 8;
    for (int i = 0; i < 3; ++i) {
        c.hw_startup[i] = 200;
        c.op_init[i] = 40;
        c.reconfig[i] = 30;
    }
    c.cb_call = 12;
    c.noc_issue = 40;
    c.barrier_call = 10;
    c.sem_call = 12;
    c.addr_gen = 12;
    c.arg_read = 2;
    c.poll = 10;
    c.link_bytes_per_cycle = 32;
    c.hop_cycles = 9;
    c.niu_cycles = 12;
    c.max_burst = 8192;
    c.max_reads = 16;
    c.max_writes = 16;
    c.dram_bytes_per_cycle = 24.0;
    c.dram_latency = 400;
    c.launch_cycles = 5000;
    c.noc_x = 10;
    c.noc_y = 12;
    const uint8_t cols[8] = {1, 2, 3, 4, 6, 7, 8, 9}, rows[8] = {1, 2, 3, 4, 5, 7, 8, 9};
    std::memcpy(c.worker_col, cols, 8);
    std::memcpy(c.worker_row, rows, 8);
    const uint8_t dram[12][2] = {{0, 0}, {0, 11}, {0, 5}, {0, 6}, {5, 0}, {5, 11}, {5, 2}, {5, 9}, {5, 3}, {5, 8}, {5, 5}, {5, 6}};
    std::memcpy(c.dram_node, dram, sizeof dram);
    c.dram_banks = 12;
    return c;
}

Costs make_blackhole() {
    Costs c = make_wormhole();
    c.arch = "blackhole";
    c.clock_ghz = 1.35;
    c.link_bytes_per_cycle = 64;
    c.max_burst = 16384;
    c.dram_bytes_per_cycle = 512.0 / 8 / 1.35;
    c.noc_x = 17;
    c.noc_y = 12;
    const uint8_t cols[13] = {1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15}, rows[10] = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    std::memset(c.worker_col, 0, sizeof c.worker_col);
    std::memset(c.worker_row, 0, sizeof c.worker_row);
    std::memcpy(c.worker_col, cols, 13);
    std::memcpy(c.worker_row, rows, 10);
    std::memset(c.dram_node, 0, sizeof c.dram_node);
    const uint8_t dram[8][2] = {{0, 0}, {0, 3}, {0, 6}, {0, 9}, {9, 0}, {9, 3}, {9, 6}, {9, 9}};
    std::memcpy(c.dram_node, dram, sizeof dram);
    c.dram_banks = 8;
    return c;
}

}  // namespace

const Costs& wormhole_b0_costs() {
    static const Costs c = make_wormhole();
    return c;
}

const Costs& blackhole_costs() {
    static const Costs c = make_blackhole();
    return c;
}

const Costs& costs_for(const char* arch) {
    return std::strcmp(arch, "blackhole") == 0 ? blackhole_costs() : wormhole_b0_costs();
}

}  // namespace ttemu::timing
