// TT-NN's production elementwise unary op (ttnn.exp / ttnn.gelu / ttnn.relu / ttnn.reciprocal and
// chains of them, e.g. ttnn.relu then ttnn.exp fused as one op chain) on the emulator: a host
// program of ours that configures the UNMODIFIED kernels of the ttnn 0.81.1 wheel for tile-layout,
// interleaved DRAM, BF16 tensors.
//
// The kernels are the wheel's legacy-API unary kernels: reader_unary_interleaved_start_id.cpp,
// eltwise_sfpu.cpp and writer_unary_interleaved_start_id.cpp. At v0.81.1 UnaryProgramFactory binds
// their Metal 2.0 forks (reader_unary.cpp, eltwise_sfpu_metal2.cpp, writer_unary.cpp, through a
// ProgramSpec, which the emulator's host API does not have); the legacy files stay in the wheel for
// the factories still on the legacy API and do the same per tile: the reader streams the core's
// tiles into c_0 one at a time, compute copies each into DST, runs SFPU_OP_CHAIN_0 on it and packs
// it to c_2, the writer drains c_2. What this program takes from the factory:
//   - the op chain's defines as unary_op_utils' get_block_defines writes them for block "0" and
//     DST "0": SFPU_OP_CHAIN_0 = "SFPU_OP_CHAIN_0_INIT_0 SFPU_OP_CHAIN_0_FUNC_0 ..." and, per op i,
//     SFPU_OP_CHAIN_0_INIT_i / _FUNC_i (get_op_init_and_func) and the op family's include macro
//     (SFPU_OP_EXP_INCLUDE, ...), plus INP_FLOAT for a BF16 input;
//     exp:   EXP with fast_and_approximate_mode = false (ttnn.exp's default): exp_tile_init<0u>();
//            exp_tile<0u>(0);
//     gelu:  GELU with fast_and_approximate_mode = true (ttnn.gelu's default): gelu_tile_init<1u>();
//            gelu_tile<1u>(0);   gelu_accurate: the same with 0u
//     relu:  relu_tile_init(); relu_tile(0);   recip: recip_tile_init(); recip_tile(0);
//   - CBs c_0 (input) and c_2 (output), two BF16 tiles each;
//   - ComputeConfig HiFi4, no fp32 DST accumulation, math_approx_mode false, unpack_to_dest_mode
//     Default for every CB (preserve_fp32_precision is off for BF16);
//   - the output tiles split over the worker grid by split_work_to_cores (row-major) in two groups;
//     the kernels run on every core of the grid, the cores without work given zero-filled args;
//     per core the reader and writer take {buffer address, tiles, first tile}, compute
//     {tiles, packed_scalar1, packed_scalar2} (the scalars 0 for these ops).
//
//   unary --kernels <wheel>/ttnn [--ops relu,exp] [--H 1024] [--W 1024] [--grid 8x8] [--runs 1]
//         [--check 1]
//
// Prints one line per run with the wall time and, with --check, the comparison with a float64
// reference of the bf16 input: "PASS"/"FAIL" with the worst error in bf16 ulps of the result.
#include <tt-metalium/constants.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/work_split.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace tt;
using namespace tt::tt_metal;

namespace {

struct Options {
    std::string kernels;
    std::vector<std::string> ops = {"exp"};
    uint32_t H = 1024, W = 1024;
    uint32_t grid_x = 8, grid_y = 8;
    uint32_t runs = 1;
    bool check = true;
};

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr, "unary: %s\n", why);
    std::exit(2);
}

// get_op_init_and_func for a BF16 input, and get_macro_definition: {init, func, include macro}.
struct OpDefines {
    std::string init, func, include;
};
OpDefines op_defines(const std::string& op) {
    if (op == "exp") return {"exp_tile_init<0u>();", "exp_tile<0u>(0);", "SFPU_OP_EXP_INCLUDE"};
    if (op == "gelu") return {"gelu_tile_init<1u>();", "gelu_tile<1u>(0);", "SFPU_OP_GELU_INCLUDE"};
    if (op == "gelu_accurate") return {"gelu_tile_init<0u>();", "gelu_tile<0u>(0);", "SFPU_OP_GELU_INCLUDE"};
    if (op == "relu") return {"relu_tile_init();", "relu_tile(0);", "SFPU_OP_RELU_FAMILY_INCLUDE"};
    if (op == "recip") return {"recip_tile_init();", "recip_tile(0);", "SFPU_OP_RECIP_INCLUDE"};
    usage(("unknown op " + op + " (exp, gelu, gelu_accurate, relu, recip)").c_str());
}

double reference(const std::string& op, double x) {
    if (op == "exp") return std::exp(x);
    if (op == "gelu") return 0.5 * x * (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
    if (op == "gelu_accurate") return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0)));
    if (op == "relu") return x > 0 ? x : 0;
    return 1 / x;  // recip
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string k = argv[i];
        if (i + 1 >= argc) usage(("missing value for " + k).c_str());
        std::string v = argv[++i];
        auto u = [&] { return static_cast<uint32_t>(std::stoul(v)); };
        if (k == "--kernels") o.kernels = v;
        else if (k == "--ops") {
            o.ops.clear();
            std::stringstream ss(v);
            for (std::string op; std::getline(ss, op, ',');) o.ops.push_back(op);
        } else if (k == "--H") o.H = u();
        else if (k == "--W") o.W = u();
        else if (k == "--grid") {
            if (std::sscanf(v.c_str(), "%ux%u", &o.grid_x, &o.grid_y) != 2) usage("--grid wants XxY");
        } else if (k == "--runs") o.runs = u();
        else if (k == "--check") o.check = u();
        else usage(("unknown option " + k).c_str());
    }
    if (o.kernels.empty()) usage("--kernels <the wheel's ttnn folder> is required");
    if (o.H % 32 || o.W % 32 || !o.H || !o.W) usage("H and W must be positive multiples of 32");
    if (o.ops.empty()) usage("--ops names at least one op");
    for (const std::string& op : o.ops) op_defines(op);
    return o;
}

uint16_t to_bf16(float x) {
    uint32_t u;
    std::memcpy(&u, &x, 4);
    return static_cast<uint16_t>((u + 0x7fff + ((u >> 16) & 1)) >> 16);
}

float from_bf16(uint16_t h) {
    const uint32_t u = uint32_t(h) << 16;
    float x;
    std::memcpy(&x, &u, 4);
    return x;
}

size_t tiled_index(uint32_t r, uint32_t c, uint32_t cols) {
    const uint32_t t = (r / 32) * (cols / 32) + c / 32, rr = r % 32, cc = c % 32;
    return size_t(t) * 1024 + ((rr / 16) * 2 + cc / 16) * 256 + (rr % 16) * 16 + cc % 16;
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    const std::string kroot = o.kernels + "/ttnn/cpp/ttnn/operations/eltwise/unary/device/kernels/";
    setenv("TT_METAL_HOME", o.kernels.c_str(), 0);  // the kernels' includes resolve from the ttnn root

    auto mesh = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh->mesh_command_queue();

    // Inputs uniform in [-4, 4), rounded to bf16; recip keeps them away from 0 (|x| >= 1/8).
    std::mt19937 rng(1234);
    std::uniform_real_distribution<float> dist(-4.f, 4.f);
    const bool has_recip = std::find(o.ops.begin(), o.ops.end(), "recip") != o.ops.end();
    std::vector<float> in(size_t(o.H) * o.W);
    for (float& x : in) {
        float v = dist(rng);
        if (has_recip && std::fabs(v) < 0.125f) v = v < 0 ? v - 0.125f : v + 0.125f;
        x = from_bf16(to_bf16(v));
    }
    std::vector<uint16_t> tiled(in.size());
    for (uint32_t r = 0; r < o.H; ++r)
        for (uint32_t c = 0; c < o.W; ++c) tiled[tiled_index(r, c, o.W)] = to_bf16(in[size_t(r) * o.W + c]);
    std::vector<uint32_t> words(tiled.size() / 2);
    for (size_t i = 0; i < words.size(); ++i) words[i] = tiled[2 * i] | (uint32_t(tiled[2 * i + 1]) << 16);

    const DataFormat fmt = DataFormat::Float16_b;
    const uint32_t tile = 2048;  // tt::tile_size(Float16_b)
    const uint32_t num_tiles = o.H / 32 * (o.W / 32);
    auto dram = [&] {
        return distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = uint64_t(num_tiles) * tile},
                                               distributed::DeviceLocalBufferConfig{.page_size = tile, .buffer_type = BufferType::DRAM},
                                               mesh.get());
    };
    auto src_buffer = dram(), dst_buffer = dram();
    distributed::EnqueueWriteMeshBuffer(cq, src_buffer, words, false);

    Program program = CreateProgram();
    const CoreCoord grid{o.grid_x, o.grid_y};
    const CoreRangeSet all_device_cores(CoreRange({0, 0}, {o.grid_x - 1, o.grid_y - 1}));

    // ---- CBs: c_0 the input, c_2 the output, two tiles each
    for (CBIndex index : {CBIndex::c_0, CBIndex::c_2})
        CreateCircularBuffer(program, all_device_cores, CircularBufferConfig(2 * tile, {{index, fmt}}).set_page_size(index, tile));

    // ---- defines: get_block_defines(op_chain, "0", "0", BFLOAT16) + the input dtype's
    std::map<std::string, std::string> defines;
    std::string chain;
    for (size_t i = 0; i < o.ops.size(); ++i) {
        const OpDefines d = op_defines(o.ops[i]);
        const std::string init_def = "SFPU_OP_CHAIN_0_INIT_" + std::to_string(i);
        const std::string func_def = "SFPU_OP_CHAIN_0_FUNC_" + std::to_string(i);
        chain += init_def + " " + func_def + " ";
        defines[init_def] = d.init;
        defines[func_def] = d.func;
        defines[d.include] = "1";
    }
    defines["SFPU_OP_CHAIN_0"] = chain;
    defines["INP_FLOAT"] = "1";

    // ---- kernels
    std::vector<uint32_t> reader_ct;
    TensorAccessorArgs(*src_buffer).append_to(reader_ct);
    const KernelHandle reader_k = CreateKernel(program, kroot + "dataflow/reader_unary_interleaved_start_id.cpp",
                                               all_device_cores, ReaderDataMovementConfig(reader_ct));
    std::vector<uint32_t> writer_ct = {static_cast<uint32_t>(CBIndex::c_2)};
    TensorAccessorArgs(*dst_buffer).append_to(writer_ct);
    const KernelHandle writer_k = CreateKernel(program, kroot + "dataflow/writer_unary_interleaved_start_id.cpp",
                                               all_device_cores, WriterDataMovementConfig(writer_ct));
    const KernelHandle compute_k = CreateKernel(program, kroot + "compute/eltwise_sfpu.cpp", all_device_cores,
        ComputeConfig{.math_fidelity = MathFidelity::HiFi4,
                      .fp32_dest_acc_en = false,
                      .unpack_to_dest_mode = std::vector<UnpackToDestMode>(NUM_CIRCULAR_BUFFERS, UnpackToDestMode::Default),
                      .math_approx_mode = false,
                      .defines = defines});

    // ---- runtime args: the tiles split over the grid, row-major, in two groups
    auto [num_cores, all_cores, group_1, group_2, tiles_1, tiles_2] = split_work_to_cores(grid, num_tiles, true);
    const std::vector<CoreCoord> cores = grid_to_cores(o.grid_x * o.grid_y, o.grid_x, o.grid_y, true);
    for (uint32_t i = 0, start_tile_id = 0; i < cores.size(); ++i) {
        const CoreCoord core = cores[i];
        uint32_t n = 0;
        if (group_1.contains(core)) n = tiles_1;
        else if (group_2.contains(core)) n = tiles_2;
        else {
            SetRuntimeArgs(program, reader_k, core, std::vector<uint32_t>(3, 0));
            SetRuntimeArgs(program, writer_k, core, std::vector<uint32_t>(3, 0));
            SetRuntimeArgs(program, compute_k, core, std::vector<uint32_t>(3, 0));
            continue;
        }
        SetRuntimeArgs(program, reader_k, core, {(uint32_t)src_buffer->address(), n, start_tile_id});
        SetRuntimeArgs(program, writer_k, core, {(uint32_t)dst_buffer->address(), n, start_tile_id});
        SetRuntimeArgs(program, compute_k, core, {n, 0u, 0u});
        start_tile_id += n;
    }

    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(program));
    std::string names;
    for (const std::string& op : o.ops) names += (names.empty() ? "" : ",") + op;
    std::printf("unary %s %ux%u bf16 grid=%ux%u cores=%u tiles/core=%u,%u\n", names.c_str(), o.H, o.W, o.grid_x,
                o.grid_y, num_cores, tiles_1, tiles_2);
    for (uint32_t run = 0; run < o.runs; ++run) {
        const auto t0 = std::chrono::steady_clock::now();
        distributed::EnqueueMeshWorkload(cq, workload, false);
        distributed::Finish(cq);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("run %u: %.3f s\n", run, s);
    }

    int status = 0;
    if (o.check) {
        std::vector<uint32_t> out;
        distributed::EnqueueReadMeshBuffer(cq, out, dst_buffer, true);
        // Each op computes in fp32 on the SFPU and its result is rounded to the bf16 DST, so a
        // chain of k ops is off by at most k bf16 roundings (2^-8 relative each) of the exact result
        // propagated through the later ops; with exp's and recip's sensitivity (relative error kept)
        // and the ops here, 1 ulp (2^-7 relative) per op bounds it, plus an absolute floor of 2^-10
        // near gelu's zero.
        const double ulps = double(o.ops.size());
        double worst = 0;
        size_t bad = 0;
        for (uint32_t r = 0; r < o.H; ++r)
            for (uint32_t c = 0; c < o.W; ++c) {
                double want = in[size_t(r) * o.W + c];
                for (const std::string& op : o.ops) want = reference(op, want);
                const size_t i = tiled_index(r, c, o.W);
                const float got = from_bf16(static_cast<uint16_t>(i % 2 ? out[i / 2] >> 16 : out[i / 2] & 0xffff));
                const double err = std::fabs(got - want) / (std::fabs(want) * std::ldexp(1.0, -7) + std::ldexp(1.0, -10));
                worst = std::max(worst, err);
                if (err > ulps) ++bad;
            }
        std::printf("%s: %zu of %zu values off by more than %.0f bf16 ulp (worst %.3g ulp)\n", bad ? "FAIL" : "PASS",
                    bad, size_t(o.H) * o.W, ulps, worst);
        status = bad ? 1 : 0;
    }
    mesh->close();
    return status;
}
