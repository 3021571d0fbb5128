// TT-NN's production elementwise binary op (binary_ng: ttnn.add / ttnn.subtract / ttnn.multiply of
// two tensors), FPU path, on the emulator: a host program of ours that configures the UNMODIFIED
// kernels of the ttnn 0.81.1 wheel as BinaryNgDeviceOperation's program factory does for
// tile-layout, interleaved DRAM, BF16 tensors of rank <= 4 without activations: the ng reader
// (reads a and b), the compute kernel of the broadcast type, the ng writer, on every core of the
// worker grid; the same compile-time args (two TensorAccessorArgs + has_sharding, one + has_sharding),
// common runtime args, defines (BINARY_OP, BINARY_OP_TYPE, the empty PROCESS_*_ACTIVATIONS(i),
// BCAST_INPUT, SRC_BCAST / SRC_BCAST_B, BCAST_LLK, the FILL_* names, SRC_SHARDED*), CBs and runtime
// args, the output tiles split over the grid by split_work_to_cores (row-major), cores left without
// work given zero-filled args. The kernels' own argument lists in the wheel are the ground truth:
// the no-broadcast reader reads each operand's own tile-row width as args 21 and 22.
//
// Broadcast (SubtileBroadcastType) from the operands' shapes, a being H x W:
//   none     b is H x W
//   row_b    b is 1 x W   (b's one row repeated down: the LLK row-broadcast compute kernel)
//   col_b    b is H x 1   (b's one column repeated across: LLK column broadcast)
//   scalar_b b is 1 x 1   (LLK scalar broadcast)
//   row_a / col_a / scalar_a: the same with the roles of a and b exchanged.
//   row_a_col_b  a is 1 x W, b is H x 1 (the row through the LLK, the column filled by the reader)
//   row_b_col_a  a is H x 1, b is 1 x W
// BF16 operands take the LLK broadcast kernels (kernels_ng/compute/eltwise_binary_{row,col,scalar,
// row_col}_bcast.cpp, reader define BCAST_LLK=1); the broadcast operand's tile-layout padding is
// zero, as ttnn's tilize pads it.
//
// Outer dims: the output is N x C x H x W (--batch NxC); an operand's N and C are the output's or
// 1 (--a-batch, --b-batch: broadcast along them, through the readers' n / c strides of 0).
//
//   binary_ng --kernels <wheel>/ttnn [--op add|sub|mul] [--H 1024] [--W 1024] [--bcast none]
//             [--batch 1x1] [--a-batch NxC] [--b-batch NxC] [--grid 8x8] [--runs 1] [--check 1]
//
// Prints one line per run with the wall time and, with --check, the comparison with a float64
// reference of the bf16 inputs: "PASS"/"FAIL" with the worst error in bf16 ulps of the result.
#include <tt-metalium/constants.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/work_split.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace tt;
using namespace tt::tt_metal;

namespace {

enum class Bcast { NONE, ROW_A, ROW_B, COL_A, COL_B, SCALAR_A, SCALAR_B, ROW_A_COL_B, ROW_B_COL_A };  // SubtileBroadcastType

struct Options {
    std::string kernels;
    std::string op = "add";
    uint32_t H = 1024, W = 1024;
    uint32_t N = 1, C = 1;          // the output's outer dims
    int aN = -1, aC = -1, bN = -1, bC = -1;  // the operands' (1 or the output's; default the output's)
    Bcast bcast = Bcast::NONE;
    uint32_t grid_x = 8, grid_y = 8;
    uint32_t runs = 1;
    bool check = true;
};

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr, "binary_ng: %s\n", why);
    std::exit(2);
}

Bcast bcast_of(const std::string& s) {
    static const std::map<std::string, Bcast> names = {{"none", Bcast::NONE},     {"row_a", Bcast::ROW_A},
                                                       {"row_b", Bcast::ROW_B},   {"col_a", Bcast::COL_A},
                                                       {"col_b", Bcast::COL_B},   {"scalar_a", Bcast::SCALAR_A},
                                                       {"scalar_b", Bcast::SCALAR_B}, {"row_a_col_b", Bcast::ROW_A_COL_B},
                                                       {"row_b_col_a", Bcast::ROW_B_COL_A}};
    auto it = names.find(s);
    if (it == names.end()) usage("--bcast is none, row_a, row_b, col_a, col_b, scalar_a, scalar_b, row_a_col_b or row_b_col_a");
    return it->second;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string k = argv[i];
        if (i + 1 >= argc) usage(("missing value for " + k).c_str());
        std::string v = argv[++i];
        auto u = [&] { return static_cast<uint32_t>(std::stoul(v)); };
        if (k == "--kernels") o.kernels = v;
        else if (k == "--op") o.op = v;
        else if (k == "--H") o.H = u();
        else if (k == "--W") o.W = u();
        else if (k == "--bcast") o.bcast = bcast_of(v);
        else if (k == "--batch" || k == "--a-batch" || k == "--b-batch") {  // NxC
            uint32_t n = 0, c = 0;
            if (std::sscanf(v.c_str(), "%ux%u", &n, &c) != 2 || !n || !c) usage((k + " wants NxC").c_str());
            if (k == "--batch") o.N = n, o.C = c;
            else if (k == "--a-batch") o.aN = int(n), o.aC = int(c);
            else o.bN = int(n), o.bC = int(c);
        }
        else if (k == "--grid") {
            if (std::sscanf(v.c_str(), "%ux%u", &o.grid_x, &o.grid_y) != 2) usage("--grid wants XxY");
        } else if (k == "--runs") o.runs = u();
        else if (k == "--check") o.check = u();
        else usage(("unknown option " + k).c_str());
    }
    if (o.kernels.empty()) usage("--kernels <the wheel's ttnn folder> is required");
    if (o.H % 32 || o.W % 32 || !o.H || !o.W) usage("H and W must be positive multiples of 32");
    if (o.op != "add" && o.op != "sub" && o.op != "mul") usage("--op is add, sub or mul");
    for (int* d : {&o.aN, &o.bN}) if (*d < 0) *d = int(o.N);
    for (int* d : {&o.aC, &o.bC}) if (*d < 0) *d = int(o.C);
    for (int d : {o.aN, o.bN}) if (d != 1 && d != int(o.N)) usage("an operand's N is 1 or the output's");
    for (int d : {o.aC, o.bC}) if (d != 1 && d != int(o.C)) usage("an operand's C is 1 or the output's");
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

// A logical rows x cols bf16 tensor in tile layout, padded to whole tiles with zeros (as ttnn's
// tilize pads), as device words.
std::vector<uint32_t> to_device(const std::vector<float>& rm, uint32_t rows, uint32_t cols) {
    const uint32_t tr = (rows + 31) / 32, tc = (cols + 31) / 32;
    std::vector<uint16_t> tiled(size_t(tr) * tc * 1024, 0);
    for (uint32_t r = 0; r < rows; ++r)
        for (uint32_t c = 0; c < cols; ++c) {
            const uint32_t t = (r / 32) * tc + c / 32, rr = r % 32, cc = c % 32;
            const uint32_t face = (rr / 16) * 2 + cc / 16;
            tiled[size_t(t) * 1024 + face * 256 + (rr % 16) * 16 + cc % 16] = to_bf16(rm[size_t(r) * cols + c]);
        }
    std::vector<uint32_t> words(tiled.size() / 2);
    for (size_t i = 0; i < words.size(); ++i) words[i] = tiled[2 * i] | (uint32_t(tiled[2 * i + 1]) << 16);
    return words;
}

std::vector<float> from_device(const std::vector<uint32_t>& dev, uint32_t rows, uint32_t cols) {
    std::vector<float> rm(size_t(rows) * cols);
    const uint32_t tc = cols / 32;
    for (uint32_t r = 0; r < rows; ++r)
        for (uint32_t c = 0; c < cols; ++c) {
            const uint32_t t = (r / 32) * tc + c / 32, rr = r % 32, cc = c % 32;
            const uint32_t face = (rr / 16) * 2 + cc / 16;
            const size_t i = size_t(t) * 1024 + face * 256 + (rr % 16) * 16 + cc % 16;
            rm[size_t(r) * cols + c] = from_bf16(static_cast<uint16_t>(i % 2 ? dev[i / 2] >> 16 : dev[i / 2] & 0xffff));
        }
    return rm;
}

// calculate_compute_kernel_args: the broadcast operand's tile is reused for `freq` output tiles,
// the core starting `counter` tiles into the first period.
std::pair<uint32_t, uint32_t> compute_freq(Bcast b, uint32_t start_tile, uint32_t Ht, uint32_t Wt) {
    const uint32_t start_t = start_tile % (Ht * Wt), start_tw = start_t % Wt;
    switch (b) {
        case Bcast::NONE:
        case Bcast::ROW_A:
        case Bcast::ROW_B: return {1, 0};
        case Bcast::SCALAR_A:
        case Bcast::SCALAR_B: return {Ht * Wt, start_t};
        case Bcast::COL_A:
        case Bcast::COL_B:
        case Bcast::ROW_A_COL_B:
        case Bcast::ROW_B_COL_A: return {Wt, start_tw};
    }
    return {1, 0};
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    const std::string kroot = o.kernels + "/ttnn/cpp/ttnn/operations/eltwise/binary_ng/device/";
    setenv("TT_METAL_HOME", o.kernels.c_str(), 0);  // the kernels' includes resolve from the ttnn root

    const Bcast bc = o.bcast;
    const bool mixed = bc == Bcast::ROW_A_COL_B || bc == Bcast::ROW_B_COL_A;
    const bool a_row = bc == Bcast::ROW_A || bc == Bcast::SCALAR_A || bc == Bcast::ROW_A_COL_B;
    const bool a_col = bc == Bcast::COL_A || bc == Bcast::SCALAR_A || bc == Bcast::ROW_B_COL_A;
    const bool b_row = bc == Bcast::ROW_B || bc == Bcast::SCALAR_B || bc == Bcast::ROW_B_COL_A;
    const bool b_col = bc == Bcast::COL_B || bc == Bcast::SCALAR_B || bc == Bcast::ROW_A_COL_B;
    // The operand whose tile the compute kernel broadcasts through the LLK (into c_5 for a, c_6
    // for b): the single broadcast operand, or the row of a mixed pair.
    const bool llk_a = mixed ? bc == Bcast::ROW_A_COL_B : a_row || a_col;
    const bool llk_b = mixed ? bc == Bcast::ROW_B_COL_A : b_row || b_col;
    // Logical shapes; the output is H x W.
    const uint32_t aH = a_row ? 1 : o.H, aW = a_col ? 1 : o.W, bH = b_row ? 1 : o.H, bW = b_col ? 1 : o.W;
    const uint32_t aHt = (aH + 31) / 32, aWt = (aW + 31) / 32, bHt = (bH + 31) / 32, bWt = (bW + 31) / 32;
    const uint32_t cHt = o.H / 32, cWt = o.W / 32;
    const uint32_t cD = 1, cN = o.N, cC = o.C, cND = 1;  // rank 4: D = 1, no collapsed dims
    const uint32_t aN = o.aN, aC = o.aC, bN = o.bN, bC = o.bC, aD = 1, bD = 1;
    const uint32_t aND = 1, bND = 1;

    auto mesh = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh->mesh_command_queue();

    // Inputs uniform in [-2, 2), rounded to bf16.
    std::mt19937 rng(1234);
    std::uniform_real_distribution<float> dist(-2.f, 2.f);
    std::vector<float> a(size_t(aN) * aC * aH * aW), b(size_t(bN) * bC * bH * bW);
    for (float& x : a) x = from_bf16(to_bf16(dist(rng)));
    for (float& x : b) x = from_bf16(to_bf16(dist(rng)));

    const DataFormat fmt = DataFormat::Float16_b;
    const uint32_t tile = 2048;  // tt::tile_size(Float16_b)
    auto dram = [&](uint32_t tiles) {
        return distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = uint64_t(tiles) * tile},
                                               distributed::DeviceLocalBufferConfig{.page_size = tile, .buffer_type = BufferType::DRAM},
                                               mesh.get());
    };
    // An N x C x rows x cols tensor: its (n, c) matrices one after the other, each in tile layout.
    auto tensor_to_device = [](const std::vector<float>& t, uint32_t nc, uint32_t rows, uint32_t cols) {
        std::vector<uint32_t> words;
        const size_t m = size_t(rows) * cols;
        for (uint32_t i = 0; i < nc; ++i) {
            const std::vector<float> slice(t.begin() + i * m, t.begin() + (i + 1) * m);
            const std::vector<uint32_t> w = to_device(slice, rows, cols);
            words.insert(words.end(), w.begin(), w.end());
        }
        return words;
    };
    auto a_buffer = dram(aN * aC * aHt * aWt), b_buffer = dram(bN * bC * bHt * bWt), c_buffer = dram(cN * cC * cHt * cWt);
    distributed::EnqueueWriteMeshBuffer(cq, a_buffer, tensor_to_device(a, aN * aC, aH, aW), false);
    distributed::EnqueueWriteMeshBuffer(cq, b_buffer, tensor_to_device(b, bN * bC, bH, bW), false);

    Program program = CreateProgram();
    const CoreCoord grid{o.grid_x, o.grid_y};
    const CoreRangeSet all_device_cores(CoreRange({0, 0}, {o.grid_x - 1, o.grid_y - 1}));  // the worker grid

    // ---- CBs: a, b double-buffered, the broadcast operand's LLK-broadcast tile (c_5 for a, c_6
    // for b), the output; no activations, so no c_3 / c_4.
    auto cb = [&](CBIndex index, uint32_t pages) {
        CreateCircularBuffer(program, all_device_cores,
                             CircularBufferConfig(pages * tile, {{index, fmt}}).set_page_size(index, tile));
    };
    cb(CBIndex::c_0, 2);
    cb(CBIndex::c_1, 2);
    if (llk_a) cb(CBIndex::c_5, 2);
    if (llk_b) cb(CBIndex::c_6, 2);
    cb(CBIndex::c_2, 2);

    // ---- kernels and their defines
    const char* reader_name = bc == Bcast::NONE                        ? "reader_interleaved_no_bcast.cpp"
                              : bc == Bcast::ROW_A || bc == Bcast::ROW_B ? "reader_interleaved_row_bcast.cpp"
                              : bc == Bcast::COL_A || bc == Bcast::COL_B ? "reader_interleaved_col_bcast.cpp"
                              : mixed                                    ? "reader_interleaved_row_col_mixed_bcast.cpp"
                                                                         : "reader_interleaved_scalar_bcast.cpp";
    const char* compute_name = bc == Bcast::NONE                          ? "kernels/compute/eltwise_binary_no_bcast.cpp"
                               : bc == Bcast::ROW_A || bc == Bcast::ROW_B ? "kernels_ng/compute/eltwise_binary_row_bcast.cpp"
                               : bc == Bcast::COL_A || bc == Bcast::COL_B ? "kernels_ng/compute/eltwise_binary_col_bcast.cpp"
                               : mixed ? "kernels_ng/compute/eltwise_binary_row_col_bcast.cpp"
                                                                          : "kernels_ng/compute/eltwise_binary_scalar_bcast.cpp";

    std::map<std::string, std::string> dataflow_fill = {  // make_dataflow_defines(BFLOAT16, BFLOAT16)
        {"FILL_TILE_WITH_FIRST_COLUMN", "fill_tile_with_first_column_bfloat16"},
        {"FILL_TILE_WITH_FIRST_ROW", "fill_tile_with_first_row_bfloat16"},
        {"FILL_TILE_WITH_FIRST_ELEMENT", "fill_tile_with_first_element_bfloat16"},
        {"FILL_WITH_VALUE", "fill_with_val_bfloat16"},
        {"FILL_TILE_WITH_FIRST_COLUMN_B", "fill_tile_with_first_column_bfloat16"},
        {"FILL_TILE_WITH_FIRST_ROW_B", "fill_tile_with_first_row_bfloat16"},
        {"FILL_TILE_WITH_FIRST_ELEMENT_B", "fill_tile_with_first_element_bfloat16"},
        {"FILL_WITH_VALUE_B", "fill_with_val_bfloat16"},
    };
    std::map<std::string, std::string> writer_defines = dataflow_fill;
    writer_defines["SRC_SHARDED"] = "0";
    writer_defines["DST_SHARDED"] = "0";
    std::map<std::string, std::string> reader_defines = dataflow_fill;
    reader_defines["SRC_SHARDED"] = "0";
    reader_defines["SRC_SHARDED_B"] = "0";
    if (mixed) {  // the column operand (SRC_BCAST_COL: a) and the row one (SRC_BCAST_ROW_B: b)
        reader_defines["SRC_BCAST_COL"] = bc == Bcast::ROW_B_COL_A ? "1" : "0";
        reader_defines["SRC_BCAST_ROW_B"] = bc == Bcast::ROW_B_COL_A ? "1" : "0";
    } else if (bc != Bcast::NONE) {
        reader_defines["SRC_BCAST"] = llk_a ? "1" : "0";
        reader_defines["SRC_BCAST_B"] = llk_b ? "1" : "0";
    }
    reader_defines["BCAST_LLK"] = bc == Bcast::NONE ? "0" : "1";  // is_llk_bcast: all operands BF16

    const std::string upper = o.op == "add" ? "ADD" : o.op == "sub" ? "SUB" : "MUL";
    std::map<std::string, std::string> compute_defines = {  // OpConfig(FpuBinaryOp).as_defines + no activations
        {"BINARY_OP", o.op + "_tiles"},
        {"BINARY_OP_TYPE", "EltwiseBinaryType::ELW" + upper},
        {"PROCESS_LHS_ACTIVATIONS(i)", ""},
        {"PROCESS_RHS_ACTIVATIONS(i)", ""},
        {"PROCESS_POST_ACTIVATIONS(i)", ""},
        // BinaryNgKernelConfig::bcast_input_str: which operand the broadcast tile is (none, row: "")
        {"BCAST_INPUT", bc == Bcast::COL_A || bc == Bcast::SCALAR_A || bc == Bcast::ROW_B_COL_A   ? "0"
                        : bc == Bcast::COL_B || bc == Bcast::SCALAR_B || bc == Bcast::ROW_A_COL_B ? "1"
                                                                                                  : ""},
        {"WHERE_TTS", "0"},
        {"WHERE_TST", "0"},
    };
    if (bc != Bcast::NONE && !mixed) {  // overwrite_compute_kernel_name_and_defines (row, column, scalar)
        compute_defines["SRC_BCAST"] = llk_a ? "1" : "0";
        compute_defines["SRC_BCAST_B"] = llk_b ? "1" : "0";
    }

    const uint32_t has_sharding = 0;
    std::vector<uint32_t> writer_ct, writer_common;
    TensorAccessorArgs(*c_buffer, tensor_accessor::ArgConfig::RuntimeTensorShape).append_to(writer_ct, writer_common);
    writer_ct.push_back(has_sharding);
    const KernelHandle writer_k = CreateKernel(program, kroot + "kernels_ng/dataflow/writer_interleaved_no_bcast.cpp",
                                               all_device_cores, WriterDataMovementConfig(writer_ct, writer_defines));
    SetCommonRuntimeArgs(program, writer_k, writer_common);

    const uint32_t num_tiles_per_cycle = 1;
    const KernelHandle compute_k = CreateKernel(program, kroot + compute_name, all_device_cores,
        ComputeConfig{.fp32_dest_acc_en = false,
                      .unpack_to_dest_mode = std::vector<UnpackToDestMode>(NUM_CIRCULAR_BUFFERS, UnpackToDestMode::Default),
                      .compile_args = {num_tiles_per_cycle},
                      .defines = compute_defines});

    std::vector<uint32_t> reader_ct, reader_common;
    TensorAccessorArgs(*a_buffer, tensor_accessor::ArgConfig::RuntimeTensorShape).append_to(reader_ct, reader_common);
    TensorAccessorArgs(*b_buffer, tensor_accessor::ArgConfig::RuntimeTensorShape).append_to(reader_ct, reader_common);
    reader_ct.push_back(has_sharding);
    const KernelHandle reader_k = CreateKernel(program, kroot + "kernels_ng/dataflow/" + reader_name, all_device_cores,
                                               ReaderDataMovementConfig(reader_ct, reader_defines));
    SetCommonRuntimeArgs(program, reader_k, reader_common);

    // ---- runtime args: the output tiles split over the grid, row-major
    const uint32_t c_num_tiles = cN * cC * cHt * cWt;
    auto [num_cores, all_cores, group_1, group_2, tiles_1, tiles_2] = split_work_to_cores(grid, c_num_tiles, true);
    const std::vector<CoreCoord> cores = grid_to_cores(o.grid_x * o.grid_y, o.grid_x, o.grid_y, true);
    // A core without work gets zero-filled args, and the wheel's readers and writer then divide by
    // its zero tile counts (start_tile_id % tiles_per_nd): RISC-V does not trap on that, the
    // emulator reports it as a kernel fault. Refuse such a grid instead of faulting.
    if (num_cores < cores.size())
        usage(("the grid has cores without work (" + std::to_string(c_num_tiles) + " output tiles for " +
               std::to_string(cores.size()) + " cores); the emulator traps the kernels' division by their zero tile "
               "counts there: use a grid of at most as many cores as output tiles").c_str());
    // Tile strides of the collapsed, D, N and C dims: zero where the operand has extent 1 there.
    const uint32_t a_strides[4] = {aHt * aWt * aC * aN * aD * (aND > 1), aHt * aWt * aC * aN * (aD > 1),
                                   aHt * aWt * aC * (aN > 1), aHt * aWt * (aC > 1)};
    const uint32_t b_strides[4] = {bHt * bWt * bC * bN * bD * (bND > 1), bHt * bWt * bC * bN * (bD > 1),
                                   bHt * bWt * bC * (bN > 1), bHt * bWt * (bC > 1)};
    for (uint32_t i = 0, start_tile_id = 0; i < cores.size(); ++i) {
        const CoreCoord core = cores[i];
        uint32_t n = 0;
        if (group_1.contains(core)) n = tiles_1;
        else if (group_2.contains(core)) n = tiles_2;
        else {
            SetRuntimeArgs(program, reader_k, core, std::vector<uint32_t>(23, 0));
            SetRuntimeArgs(program, writer_k, core, std::vector<uint32_t>(11, 0));
            SetRuntimeArgs(program, compute_k, core, std::vector<uint32_t>(4, 0));
            continue;
        }
        SetRuntimeArgs(program, writer_k, core,
                       {(uint32_t)c_buffer->address(), start_tile_id, n, 0u, cD, cN, cC, cHt, cWt, cND, 0u});
        auto [freq, counter] = compute_freq(bc, start_tile_id, cHt, cWt);
        SetRuntimeArgs(program, compute_k, core, {n, freq, counter, 0u});
        SetRuntimeArgs(program, reader_k, core,
                       {(uint32_t)a_buffer->address(), start_tile_id, 0u, n, 0u, a_strides[0], a_strides[1], a_strides[2],
                        a_strides[3], cD, cN, cC, cHt, cWt, cND, (uint32_t)b_buffer->address(), b_strides[0], b_strides[1],
                        b_strides[2], b_strides[3], 0u, aWt, bWt});
        start_tile_id += n;
    }

    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(program));
    std::printf("binary_ng %s out=%ux%ux%ux%u a=%ux%ux%ux%u b=%ux%ux%ux%u bf16 grid=%ux%u cores=%u tiles/core=%u,%u\n",
                o.op.c_str(), cN, cC, o.H, o.W, aN, aC, aH, aW, bN, bC, bH, bW, o.grid_x, o.grid_y, num_cores, tiles_1,
                tiles_2);
    for (uint32_t run = 0; run < o.runs; ++run) {
        const auto t0 = std::chrono::steady_clock::now();
        distributed::EnqueueMeshWorkload(cq, workload, false);
        distributed::Finish(cq);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("run %u: %.3f s\n", run, s);
    }

    int status = 0;
    if (o.check) {
        std::vector<uint32_t> out_dev;
        distributed::EnqueueReadMeshBuffer(cq, out_dev, c_buffer, true);
        const size_t m = size_t(o.H) * o.W;
        // The FPU computes in bf16 DST (no fp32 accumulation): one bf16 rounding of the exact
        // result (or a truncation), so a result is off by at most 1 ulp of bf16 (2^-7 of its magnitude), plus the
        // absolute floor of a sum that cancels.
        double worst = 0;
        size_t bad = 0;
        for (uint32_t n = 0; n < cN; ++n)
            for (uint32_t ch = 0; ch < cC; ++ch) {
                const std::vector<uint32_t> words(out_dev.begin() + (n * cC + ch) * m / 2, out_dev.begin() + (n * cC + ch + 1) * m / 2);
                const std::vector<float> c = from_device(words, o.H, o.W);
                const float* am = &a[(size_t(aN > 1 ? n : 0) * aC + (aC > 1 ? ch : 0)) * aH * aW];
                const float* bm = &b[(size_t(bN > 1 ? n : 0) * bC + (bC > 1 ? ch : 0)) * bH * bW];
                for (uint32_t r = 0; r < o.H; ++r)
                    for (uint32_t col = 0; col < o.W; ++col) {
                        const double x = am[size_t(a_row ? 0 : r) * aW + (a_col ? 0 : col)];
                        const double y = bm[size_t(b_row ? 0 : r) * bW + (b_col ? 0 : col)];
                        const double want = o.op == "add" ? x + y : o.op == "sub" ? x - y : x * y;
                        const double err = std::fabs(c[size_t(r) * o.W + col] - want) / (std::fabs(want) * std::ldexp(1.0, -7) + 1e-6);
                        worst = std::max(worst, err);
                        if (err > 1.0) ++bad;
                    }
            }
        std::printf("%s: %zu of %zu values off by more than 1 bf16 ulp (worst %.3g ulp)\n", bad ? "FAIL" : "PASS", bad,
                    m * cN * cC, worst);
        status = bad ? 1 : 0;
    }
    mesh->close();
    return status;
}
