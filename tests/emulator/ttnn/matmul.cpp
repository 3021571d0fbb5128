// TT-NN's production matmul, 2D multicast (MatmulMultiCoreReuseMultiCastProgramConfig), on the
// emulator: a host program of ours that configures the UNMODIFIED kernels of the ttnn 0.81.1 wheel
// as v0.81.1's matmul_multicore_reuse_mcast_2d_program_factory.cpp does (interleaved DRAM
// tensors, no bias, no fused activation, no transpose_mcast, batch 1): the in0 sender / receiver
// readers on the left column and the rest, the in1 sender / receiver writers on the top row and the
// rest, bmm_large_block_zm_fused_bias_activation.cpp on every core, the same compile-time args,
// named args, defines, CBs, semaphores and runtime args (the padding args included). The kernels'
// own argument lists in the wheel are the ground truth where the factory source differs (the in1
// sender's compact_output word, the in0 sender's num_batch_compute word, the "num_active" named
// arg).
//
//   matmul --kernels <wheel>/ttnn --M 1024 --K 1024 --N 1024 [--dtype bf16|bfp8_b]
//          [--fidelity LoFi|HiFi2|HiFi3|HiFi4] [--fp32-acc 0|1] [--packer-l1-acc 0|1]
//          [--grid 8x8] [--in0-block-w 2] [--out-subblock-h 4] [--out-subblock-w 2]
//          [--per-core-M 4] [--per-core-N 4] [--out-block-h 4] [--out-block-w 4] [--runs 1] [--check 1]
//
// M, K, N are elements (multiples of 32); per_core_M/N, in0_block_w, the out blocks and the
// subblocks are tiles (defaults: as ttnn's auto config would pick for the grid: per_core =
// ceil(tiles / grid side), out block = per core). An out block smaller than the core's share
// (MatmulMultiCoreReuseMultiCastProgramConfig's out_block_h / out_block_w) makes each core walk
// per_core_M / out_block_h x per_core_N / out_block_w blocks, with CBs sized for one.
// Prints one line per run with the wall time and, with --check, the comparison with a float64
// reference of the (format-rounded) inputs: "PASS"/"FAIL" with the worst relative error.
#include <tt-metalium/bfloat8.hpp>
#include <tt-metalium/constants.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace tt;
using namespace tt::tt_metal;

namespace {

struct Options {
    std::string kernels;
    uint32_t M = 1024, K = 1024, N = 1024;
    std::string dtype = "bf16";
    std::string fidelity = "HiFi4";
    bool fp32_acc = false, packer_l1_acc = false;
    uint32_t grid_x = 8, grid_y = 8;
    uint32_t in0_block_w = 0, out_subblock_h = 0, out_subblock_w = 0, per_core_M = 0, per_core_N = 0;
    uint32_t out_block_h = 0, out_block_w = 0;
    uint32_t runs = 1;
    bool check = true;
};

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr, "matmul: %s\n", why);
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string k = argv[i];
        if (i + 1 >= argc) usage(("missing value for " + k).c_str());
        std::string v = argv[++i];
        auto u = [&] { return static_cast<uint32_t>(std::stoul(v)); };
        if (k == "--kernels") o.kernels = v;
        else if (k == "--M") o.M = u();
        else if (k == "--K") o.K = u();
        else if (k == "--N") o.N = u();
        else if (k == "--dtype") o.dtype = v;
        else if (k == "--fidelity") o.fidelity = v;
        else if (k == "--fp32-acc") o.fp32_acc = u();
        else if (k == "--packer-l1-acc") o.packer_l1_acc = u();
        else if (k == "--grid") {
            if (std::sscanf(v.c_str(), "%ux%u", &o.grid_x, &o.grid_y) != 2) usage("--grid wants XxY");
        } else if (k == "--in0-block-w") o.in0_block_w = u();
        else if (k == "--out-subblock-h") o.out_subblock_h = u();
        else if (k == "--out-subblock-w") o.out_subblock_w = u();
        else if (k == "--per-core-M") o.per_core_M = u();
        else if (k == "--per-core-N") o.per_core_N = u();
        else if (k == "--out-block-h") o.out_block_h = u();
        else if (k == "--out-block-w") o.out_block_w = u();
        else if (k == "--runs") o.runs = u();
        else if (k == "--check") o.check = u();
        else usage(("unknown option " + k).c_str());
    }
    if (o.kernels.empty()) usage("--kernels <the wheel's ttnn folder> is required");
    if (o.M % 32 || o.K % 32 || o.N % 32) usage("M, K and N must be multiples of 32");
    if (o.dtype != "bf16" && o.dtype != "bfp8_b") usage("--dtype is bf16 or bfp8_b");
    return o;
}

MathFidelity fidelity_of(const std::string& s) {
    if (s == "LoFi") return MathFidelity::LoFi;
    if (s == "HiFi2") return MathFidelity::HiFi2;
    if (s == "HiFi3") return MathFidelity::HiFi3;
    if (s == "HiFi4") return MathFidelity::HiFi4;
    usage("--fidelity is LoFi, HiFi2, HiFi3 or HiFi4");
}

// The largest subblock (h x w <= the DST tiles available) that divides the block, wide first,
// as ttnn's get_subblock_sizes does.
std::pair<uint32_t, uint32_t> subblock(uint32_t block_h, uint32_t block_w, bool fp32_acc) {
    const uint32_t max_tiles = fp32_acc ? 4 : 8;
    for (uint32_t area = max_tiles; area > 0; --area)
        for (uint32_t h = 1; h <= area; ++h) {
            if (area % h) continue;
            const uint32_t w = area / h;
            if (block_h % h == 0 && block_w % w == 0) return {h, w};
        }
    return {1, 1};
}

uint32_t tile_bytes(DataFormat f) { return f == DataFormat::Bfp8_b ? 1088 : f == DataFormat::Float32 ? 4096 : 2048; }

// A row-major M x N float matrix as device tiles in `f` (values rounded to the format on the way).
std::vector<uint32_t> to_device(const std::vector<float>& rm, uint32_t rows, uint32_t cols, DataFormat f) {
    std::vector<float> tiled(rm.size());
    const uint32_t tc = cols / 32;
    for (uint32_t r = 0; r < rows; ++r)
        for (uint32_t c = 0; c < cols; ++c) {
            const uint32_t t = (r / 32) * tc + c / 32, rr = r % 32, cc = c % 32;
            const uint32_t face = (rr / 16) * 2 + cc / 16;
            tiled[size_t(t) * 1024 + face * 256 + (rr % 16) * 16 + cc % 16] = rm[size_t(r) * cols + c];
        }
    if (f == DataFormat::Bfp8_b) return pack_as_bfp8_tiles(tt::stl::Span<const float>(tiled.data(), tiled.size()), false, false);
    std::vector<uint32_t> words(tiled.size() / 2);
    for (size_t i = 0; i < tiled.size(); i += 2) {
        auto bf = [](float x) {
            uint32_t u;
            std::memcpy(&u, &x, 4);
            return (u + 0x7fff + ((u >> 16) & 1)) >> 16;
        };
        words[i / 2] = bf(tiled[i]) | (bf(tiled[i + 1]) << 16);
    }
    return words;
}

std::vector<float> from_device(const std::vector<uint32_t>& dev, uint32_t rows, uint32_t cols, DataFormat f) {
    std::vector<float> tiled(size_t(rows) * cols);
    if (f == DataFormat::Bfp8_b) {
        tiled = unpack_bfp8_tiles_into_float_vec(tt::stl::Span<const uint32_t>(dev.data(), dev.size()), false, false);
    } else {
        for (size_t i = 0; i < tiled.size(); ++i) {
            const uint32_t u = (i % 2 ? dev[i / 2] >> 16 : dev[i / 2] & 0xffff) << 16;
            std::memcpy(&tiled[i], &u, 4);
        }
    }
    std::vector<float> rm(tiled.size());
    const uint32_t tc = cols / 32;
    for (uint32_t r = 0; r < rows; ++r)
        for (uint32_t c = 0; c < cols; ++c) {
            const uint32_t t = (r / 32) * tc + c / 32, rr = r % 32, cc = c % 32;
            const uint32_t face = (rr / 16) * 2 + cc / 16;
            rm[size_t(r) * cols + c] = tiled[size_t(t) * 1024 + face * 256 + (rr % 16) * 16 + cc % 16];
        }
    return rm;
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    const std::string kdir = o.kernels + "/ttnn/cpp/ttnn/operations/matmul/device/kernels/";
    setenv("TT_METAL_HOME", o.kernels.c_str(), 0);  // the kernels' includes resolve from the ttnn root

    const uint32_t Mt = o.M / 32, Kt = o.K / 32, Nt = o.N / 32, B = 1;
    const DataFormat fmt = o.dtype == "bf16" ? DataFormat::Float16_b : DataFormat::Bfp8_b;
    const uint32_t per_core_M = o.per_core_M ? o.per_core_M : (Mt + o.grid_y - 1) / o.grid_y;
    const uint32_t per_core_N = o.per_core_N ? o.per_core_N : (Nt + o.grid_x - 1) / o.grid_x;
    uint32_t in0_block_w = o.in0_block_w;
    if (!in0_block_w) for (uint32_t w : {4u, 2u, 1u}) if (!in0_block_w && Kt % w == 0) in0_block_w = w;
    if (Kt % in0_block_w) usage("in0_block_w must divide K / 32");
    const uint32_t out_block_h = o.out_block_h ? o.out_block_h : per_core_M;
    const uint32_t out_block_w = o.out_block_w ? o.out_block_w : per_core_N;
    if (per_core_M % out_block_h || per_core_N % out_block_w) usage("out blocks must divide per_core_M/N");
    const uint32_t out_num_blocks_x = per_core_N / out_block_w, out_num_blocks_y = per_core_M / out_block_h;
    auto [sb_h, sb_w] = subblock(out_block_h, out_block_w, o.fp32_acc);
    const uint32_t out_subblock_h = o.out_subblock_h ? o.out_subblock_h : sb_h;
    const uint32_t out_subblock_w = o.out_subblock_w ? o.out_subblock_w : sb_w;
    if (out_block_h % out_subblock_h || out_block_w % out_subblock_w) usage("subblocks must divide the out block");
    if (out_subblock_h * out_subblock_w > (o.fp32_acc ? 4u : 8u)) usage("the subblock does not fit in DST");

    const uint32_t num_blocks_y = (Mt - 1) / per_core_M + 1, num_blocks_x = (Nt - 1) / per_core_N + 1;
    if (num_blocks_x > o.grid_x || num_blocks_y > o.grid_y) usage("per_core_M/N leave more blocks than the grid has cores");
    const uint32_t num_blocks = Kt / in0_block_w;

    auto mesh = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh->mesh_command_queue();
    IDevice* device = mesh.get();

    // Inputs: uniform in [-1, 1), rounded to the device format.
    std::mt19937 rng(1234);
    std::uniform_real_distribution<float> dist(-1.f, 1.f);
    std::vector<float> a(size_t(o.M) * o.K), b(size_t(o.K) * o.N);
    for (float& x : a) x = dist(rng);
    for (float& x : b) x = dist(rng);
    const std::vector<uint32_t> a_dev = to_device(a, o.M, o.K, fmt), b_dev = to_device(b, o.K, o.N, fmt);
    a = from_device(a_dev, o.M, o.K, fmt);
    b = from_device(b_dev, o.K, o.N, fmt);

    const uint32_t tile = tile_bytes(fmt);
    auto dram = [&](uint32_t tiles) {
        return distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = uint64_t(tiles) * tile},
                                               distributed::DeviceLocalBufferConfig{.page_size = tile, .buffer_type = BufferType::DRAM},
                                               mesh.get());
    };
    auto in0_buffer = dram(Mt * Kt), in1_buffer = dram(Kt * Nt), out_buffer = dram(Mt * Nt);
    distributed::EnqueueWriteMeshBuffer(cq, in0_buffer, a_dev, false);
    distributed::EnqueueWriteMeshBuffer(cq, in1_buffer, b_dev, false);

    Program program = CreateProgram();

    // ---- the factory: formats and CBs
    const bool packer_l1_acc_en = o.packer_l1_acc && num_blocks > 2;
    const DataFormat interm0_format = packer_l1_acc_en ? (o.fp32_acc ? DataFormat::Float32 : DataFormat::Float16_b)
                                                       : (o.fp32_acc ? DataFormat::Float32 : fmt);
    const uint32_t in0_tile = tile, in1_tile = tile, out_tile = tile, interm0_tile = tile_bytes(interm0_format);
    const uint32_t in0_block_tiles = out_block_h * in0_block_w, in1_block_tiles = out_block_w * in0_block_w;
    const uint32_t depth = B * num_blocks > 1 ? 2 : 1;  // MCAST_INPUT_BUFFERING_DEPTH
    const uint32_t out_block_tiles = out_block_h * out_block_w;

    const uint32_t num_cores_c = num_blocks_x, num_cores_r = num_blocks_y;
    const CoreRange all_cores({0, 0}, {num_cores_c - 1, num_cores_r - 1});
    const CoreRange in0_sender({0, 0}, {0, num_cores_r - 1});
    const CoreRange in1_sender({0, 0}, {num_cores_c - 1, 0});
    const bool split_half = num_cores_c > 2 && num_cores_r > 1;
    const uint32_t half_core = split_half ? num_cores_c / 2 : num_cores_c - 1;
    std::set<CoreRange> in0_recv_set, in1_recv_set;
    if (num_cores_c > 1) in0_recv_set.insert(CoreRange({1, 0}, {num_cores_c - 1, 0}));
    if (num_cores_r > 1) in1_recv_set.insert(CoreRange({0, 1}, {0, num_cores_r - 1}));
    if (num_cores_c > 1 && num_cores_r > 1) {
        in0_recv_set.insert(CoreRange({1, 1}, {half_core, num_cores_r - 1}));
        in1_recv_set.insert(CoreRange({1, 1}, {half_core, num_cores_r - 1}));
    }
    const CoreRangeSet in0_receiver(in0_recv_set), in1_receiver(in1_recv_set);
    std::optional<CoreRange> other_cores;
    if (split_half) other_cores = CoreRange({half_core + 1, 1}, {num_cores_c - 1, num_cores_r - 1});

    const uint32_t in0_sender_sem = CreateSemaphore(program, all_cores, 0);
    const uint32_t in0_receiver_sem = CreateSemaphore(program, all_cores, 0);
    const uint32_t in1_sender_sem = CreateSemaphore(program, all_cores, 0);
    const uint32_t in1_receiver_sem = CreateSemaphore(program, all_cores, 0);

    CreateCircularBuffer(program, all_cores,
                         CircularBufferConfig(in0_block_tiles * depth * in0_tile, {{CBIndex::c_0, fmt}}).set_page_size(CBIndex::c_0, in0_tile));
    CreateCircularBuffer(program, all_cores,
                         CircularBufferConfig(in1_block_tiles * depth * in1_tile, {{CBIndex::c_1, fmt}}).set_page_size(CBIndex::c_1, in1_tile));
    if (interm0_format != fmt) {
        CreateCircularBuffer(program, all_cores,
                             CircularBufferConfig(out_block_tiles * out_tile, {{CBIndex::c_4, fmt}}).set_page_size(CBIndex::c_4, out_tile));
        CreateCircularBuffer(program, all_cores,
                             CircularBufferConfig(out_block_tiles * interm0_tile, {{CBIndex::c_5, interm0_format}})
                                 .set_page_size(CBIndex::c_5, interm0_tile));
    } else {  // output and partials share one buffer
        CreateCircularBuffer(program, all_cores,
                             CircularBufferConfig(out_block_tiles * out_tile, {{CBIndex::c_4, fmt}, {CBIndex::c_5, interm0_format}})
                                 .set_page_size(CBIndex::c_4, out_tile)
                                 .set_page_size(CBIndex::c_5, interm0_tile));
    }

    // ---- compile-time args
    const uint32_t in0_num_subblocks = out_block_h / out_subblock_h;
    const uint32_t in0_block_num_tiles = out_subblock_h * in0_block_w * in0_num_subblocks;
    std::vector<uint32_t> in0_sender_ct = {
        1, Kt, in0_block_w, out_block_h * Kt,           // strides: w, h, next inner block, next h block
        in0_block_w, out_block_h, in0_block_num_tiles,  // in0 block
        0, 0,                                           // in0_last_ktile_w / _h
        0, 0, 0,                                        // shard sub-block extraction (interleaved: unused)
        num_blocks, out_num_blocks_x, out_num_blocks_y, // num_blocks inner, w, h
        in0_sender_sem, in0_receiver_sem, num_blocks_x - 1, num_blocks_x - 1,
        Mt * Kt, B, B, 0,                               // MtKt, batch (in0, in1), reuse_in0_in_CB
        0, 0, 1, 0,                                     // sparsity: batchB, pagesize, bcast_A, batch from reader
        0,                                              // fuse_op (all-gather)
    };
    TensorAccessorArgs(*in0_buffer).append_to(in0_sender_ct);
    TensorAccessorArgs().append_to(in0_sender_ct);  // sparsity placeholder
    in0_sender_ct.push_back(B);                      // num_batch_compute (0.81.1's kernel reads it here)

    std::vector<uint32_t> in1_sender_ct = {
        1, Nt, in0_block_w * Nt, out_block_w,  // strides: w, h, next inner block, next w block
        out_block_w, in0_block_w, out_block_w * in0_block_w,
        num_blocks, out_num_blocks_x, out_num_blocks_y,
        in1_sender_sem, in1_receiver_sem, num_blocks_y - 1, num_blocks_y - 1,
        Kt * Nt, B, 0,  // KtNt, batch, bcast_B
        0, 0,           // sparsity
        1, Nt, out_subblock_w, out_subblock_h * Nt, out_block_w, out_block_h * Nt,  // out strides
        out_subblock_w, out_subblock_h, out_subblock_w * out_subblock_h, Mt * Nt,
        0,     // in3 (bias) stride: no bias
        0, 0,  // fuse all-gather, reduce-scatter
        0,     // compact_output
    };
    TensorAccessorArgs(*in1_buffer).append_to(in1_sender_ct);
    TensorAccessorArgs().append_to(in1_sender_ct);  // sparsity placeholder
    TensorAccessorArgs(*out_buffer).append_to(in1_sender_ct);

    const std::vector<uint32_t> in0_receiver_ct = {in0_block_w * out_block_h, num_blocks, out_num_blocks_x, out_num_blocks_y, in0_sender_sem, in0_receiver_sem, B, 0};
    std::vector<uint32_t> in1_receiver_ct = {
        out_block_w * in0_block_w, num_blocks, out_num_blocks_x, out_num_blocks_y, in1_sender_sem, in1_receiver_sem, B,
        1, Nt, out_subblock_w, out_subblock_h * Nt, out_block_w, out_block_h * Nt,
        out_subblock_w, out_subblock_h, out_subblock_w * out_subblock_h, Mt * Nt,
        0,  // in3_block_w: no bias
        0,  // fuse reduce-scatter
    };
    TensorAccessorArgs(*out_buffer).append_to(in1_receiver_ct);

    // Wormhole: DRAM reads prefer NOC 0, writes NOC 1 (tt::tt_metal::detail::preferred_noc_for_dram_*).
    const NOC in0_noc = NOC::NOC_1, in1_noc = NOC::NOC_0, in0_split_noc = NOC::NOC_0, in1_split_noc = NOC::NOC_1;
    const std::string dm = kdir + "dataflow/";
    auto in0_sender_k = CreateKernel(program, dm + "reader_bmm_tile_layout_in0_sender_padding.cpp", in0_sender,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = in0_noc, .compile_args = in0_sender_ct,
                           .defines = num_cores_c > 1 ? std::map<std::string, std::string>{} : std::map<std::string, std::string>{{"SKIP_MCAST", "1"}},
                           .named_compile_args = {{"cb_in0", CBIndex::c_0}, {"cb_in0_sharded", CBIndex::c_2}, {"cb_sparsity", CBIndex::c_6},
                                                  {"cb_in0_intermediate", CBIndex::c_8}, {"num_active", 0}}});
    auto in1_sender_k = CreateKernel(program, dm + "reader_bmm_tile_layout_in1_sender_writer_padding.cpp", in1_sender,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = in1_noc, .compile_args = in1_sender_ct,
                           .defines = num_cores_r > 1 ? std::map<std::string, std::string>{} : std::map<std::string, std::string>{{"SKIP_MCAST", "1"}},
                           .named_compile_args = {{"cb_in1", CBIndex::c_1}, {"cb_bias", CBIndex::c_3}, {"cb_out", CBIndex::c_4},
                                                  {"cb_sparsity", CBIndex::c_7}, {"cb_in1_intermediate", CBIndex::c_9}, {"num_active", 0}}});
    const std::unordered_map<std::string, uint32_t> in1_recv_named = {{"cb_in1", CBIndex::c_1}, {"cb_bias", CBIndex::c_3}, {"cb_out", CBIndex::c_4}};
    KernelHandle in1_receiver_k = 0, in0_receiver_k = 0;
    if (in1_receiver.num_cores() > 0)
        in1_receiver_k = CreateKernel(program, dm + "reader_bmm_tile_layout_in1_receiver_writer_padding.cpp", in1_receiver,
            DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = in1_noc, .compile_args = in1_receiver_ct,
                               .named_compile_args = in1_recv_named});
    if (in0_receiver.num_cores() > 0)
        in0_receiver_k = CreateKernel(program, dm + "reader_bmm_tile_layout_in0_receiver.cpp", in0_receiver,
            DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = in0_noc, .compile_args = in0_receiver_ct,
                               .named_compile_args = {{"cb_in0", CBIndex::c_0}}});
    KernelHandle in1_receiver_other_k = in1_receiver_k, in0_receiver_other_k = in0_receiver_k;
    if (other_cores) {
        in1_receiver_other_k = CreateKernel(program, dm + "reader_bmm_tile_layout_in1_receiver_writer_padding.cpp", *other_cores,
            DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = in1_split_noc, .compile_args = in1_receiver_ct,
                               .named_compile_args = in1_recv_named});
        in0_receiver_other_k = CreateKernel(program, dm + "reader_bmm_tile_layout_in0_receiver.cpp", *other_cores,
            DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = in0_split_noc, .compile_args = in0_receiver_ct,
                               .named_compile_args = {{"cb_in0", CBIndex::c_0}}});
    }

    const uint32_t in1_num_subblocks = out_block_w / out_subblock_w;
    const std::vector<uint32_t> compute_ct = {
        in0_block_w, in0_num_subblocks, in0_block_num_tiles, out_subblock_h * in0_block_w,
        in1_num_subblocks, out_subblock_w * in0_block_w * in1_num_subblocks, out_subblock_w * in1_num_subblocks,
        num_blocks, out_num_blocks_x, out_num_blocks_y, out_subblock_h, out_subblock_w, out_subblock_h * out_subblock_w, B, out_block_tiles,
        0, 0, 0,  // untilize_out, get_batch_from_reader, in0_transpose_tile
    };
    std::map<std::string, std::string> mm_defines;
    if (packer_l1_acc_en) mm_defines["PACKER_L1_ACC"] = "1";
    if (o.fp32_acc) mm_defines["FP32_DEST_ACC_EN"] = "1";
    CreateKernel(program, kdir + "compute/bmm_large_block_zm_fused_bias_activation.cpp", all_cores,
        ComputeConfig{.math_fidelity = fidelity_of(o.fidelity), .fp32_dest_acc_en = o.fp32_acc, .math_approx_mode = false,
                      .compile_args = compute_ct, .defines = mm_defines,
                      .named_compile_args = {{"cb_in0", CBIndex::c_0}, {"cb_in1", CBIndex::c_1}, {"cb_bias", CBIndex::c_3},
                                             {"cb_out", CBIndex::c_4}, {"cb_intermed0", CBIndex::c_5}, {"cb_in0_intermediate", CBIndex::c_8},
                                             {"cb_in1_intermediate", CBIndex::c_9}, {"cb_in0_transposed", CBIndex::c_10}}});

    // ---- runtime args (padding args as the factory computes them)
    const uint32_t last_per_core_M = Mt % per_core_M ? Mt % per_core_M : per_core_M;
    const uint32_t last_per_core_N = Nt % per_core_N ? Nt % per_core_N : per_core_N;
    const uint32_t last_out_block_h = last_per_core_M % out_block_h ? last_per_core_M % out_block_h : out_block_h;
    const uint32_t last_out_block_w = last_per_core_N % out_block_w ? last_per_core_N % out_block_w : out_block_w;
    const uint32_t last_out_num_blocks_h = (last_per_core_M - 1) / out_block_h + 1;
    const uint32_t last_out_num_blocks_w = (last_per_core_N - 1) / out_block_w + 1;
    const uint32_t last_nz_sub_h = (last_out_block_h - 1) / out_subblock_h + 1;
    const uint32_t last_nz_sub_w = (last_out_block_w - 1) / out_subblock_w + 1;
    const uint32_t last_sub_h = last_out_block_h % out_subblock_h ? last_out_block_h % out_subblock_h : out_subblock_h;
    const uint32_t last_sub_w = last_out_block_w % out_subblock_w ? last_out_block_w % out_subblock_w : out_subblock_w;
    const uint32_t skip_addr = out_tile * (out_subblock_w - last_sub_w);
    const uint32_t skip_w = out_subblock_w * out_subblock_h * (out_block_w / out_subblock_w - last_nz_sub_w);
    const uint32_t skip_h = (out_block_h / out_subblock_h - last_nz_sub_h) * (out_block_w * out_subblock_h);

    for (uint32_t y = 0; y < num_cores_r; ++y)
        for (uint32_t x = 0; x < num_cores_c; ++x) {
            const CoreCoord core{x, y};
            const CoreCoord left = device->worker_core_from_logical_core({0, y});
            const CoreCoord left1 = device->worker_core_from_logical_core({std::min(1u, num_cores_c - 1), y});
            const CoreCoord right = device->worker_core_from_logical_core({num_cores_c - 1, y});
            const CoreCoord top = device->worker_core_from_logical_core({x, 0});
            const CoreCoord top1 = device->worker_core_from_logical_core({x, std::min(1u, num_cores_r - 1)});
            const CoreCoord bottom = device->worker_core_from_logical_core({x, num_cores_r - 1});
            const uint32_t in0_idx = y, in1_idx = x;
            // in0 on NOC 1 multicasts from the far end; in1 on NOC 0 from the near one.
            const CoreCoord in0_start = right, in0_end = left1, in1_start = top1, in1_end = bottom;
            const bool last_row = in0_idx == num_blocks_y - 1, last_col = in1_idx == num_blocks_x - 1;
            if (x == 0) {
                SetRuntimeArgs(program, in0_sender_k, core,
                               {(uint32_t)in0_buffer->address(), per_core_M * Kt * in0_idx, (uint32_t)in0_start.x, (uint32_t)in0_start.y,
                                (uint32_t)in0_end.x, (uint32_t)in0_end.y, last_row ? last_out_block_h : out_block_h, 0});
            } else {
                const bool left_half = x <= half_core || y == 0;
                SetRuntimeArgs(program, left_half ? in0_receiver_k : in0_receiver_other_k, core, {(uint32_t)left.x, (uint32_t)left.y});
            }
            const uint32_t out_start = in1_idx * per_core_N + in0_idx * per_core_M * Nt;
            std::vector<uint32_t> pad_w = last_col ? std::vector<uint32_t>{out_block_w / out_subblock_w, last_nz_sub_w, last_sub_w, skip_addr, skip_w}
                                                   : std::vector<uint32_t>{out_block_w / out_subblock_w, out_block_w / out_subblock_w, out_subblock_w, 0, 0};
            if (y == 0) {
                std::vector<uint32_t> args = {(uint32_t)in1_buffer->address(), per_core_N * in1_idx, (uint32_t)in1_start.x, (uint32_t)in1_start.y,
                                              (uint32_t)in1_end.x, (uint32_t)in1_end.y, 0, (uint32_t)out_buffer->address(), out_start,
                                              last_col ? last_out_block_w : out_block_w, out_block_h / out_subblock_h, out_subblock_h, 0};
                args.insert(args.end(), pad_w.begin(), pad_w.end());
                args.insert(args.end(), {0u, 0u, last_col ? last_out_num_blocks_w : out_num_blocks_x});
                SetRuntimeArgs(program, in1_sender_k, core, args);
            } else {
                std::vector<uint32_t> args = {(uint32_t)top.x, (uint32_t)top.y, (uint32_t)out_buffer->address(), out_start,
                                              out_block_h / out_subblock_h, last_row ? last_nz_sub_h : out_block_h / out_subblock_h,
                                              last_row ? last_sub_h : out_subblock_h, last_row ? skip_h : 0};
                args.insert(args.end(), pad_w.begin(), pad_w.end());
                args.insert(args.end(), {last_row ? last_out_num_blocks_h : out_num_blocks_y,
                                         last_col ? last_out_num_blocks_w : out_num_blocks_x});
                const bool left_half = x <= half_core;
                SetRuntimeArgs(program, left_half ? in1_receiver_k : in1_receiver_other_k, core, args);
            }
        }

    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(program));
    std::printf("matmul 2d-mcast M=%u K=%u N=%u %s %s fp32_acc=%d packer_l1_acc=%d cores=%ux%u in0_block_w=%u subblock=%ux%u "
                "per_core=%ux%u out_block=%ux%u\n",
                o.M, o.K, o.N, o.dtype.c_str(), o.fidelity.c_str(), o.fp32_acc, packer_l1_acc_en, num_cores_c, num_cores_r,
                in0_block_w, out_subblock_h, out_subblock_w, per_core_M, per_core_N, out_block_h, out_block_w);
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
        distributed::EnqueueReadMeshBuffer(cq, out_dev, out_buffer, true);
        const std::vector<float> c = from_device(out_dev, o.M, o.N, fmt);
        // Tolerance of the format, relative to the spread of a dot product (sqrt(K) / 3 for
        // inputs uniform in [-1, 1)) plus the value: bf16 results (8 bits); with bf16 DST (no
        // fp32_dest_acc_en) every tile matmul and every spill of partials rounds the running
        // sum to bf16, a random walk that grows with sqrt(K / 32 / 8); Bfp8_b keeps 7 bits of a
        // shared exponent per 16 values.
        const double walk = o.fp32_acc ? 1.0 : std::max(1.0, std::sqrt(double(Kt) / 8.0));
        const double tol = (fmt == DataFormat::Float16_b ? 2e-2 : 1e-1) * walk;
        double worst = 0;
        size_t bad = 0;
        std::vector<double> row(o.N);
        for (uint32_t i = 0; i < o.M; ++i) {
            std::fill(row.begin(), row.end(), 0.0);
            for (uint32_t k = 0; k < o.K; ++k) {
                const double av = a[size_t(i) * o.K + k];
                const float* br = &b[size_t(k) * o.N];
                for (uint32_t j = 0; j < o.N; ++j) row[j] += av * br[j];
            }
            for (uint32_t j = 0; j < o.N; ++j) {
                const double scale = std::sqrt(double(o.K)) / 3.0 + std::fabs(row[j]);
                const double err = std::fabs(c[size_t(i) * o.N + j] - row[j]) / scale;
                worst = std::max(worst, err);
                if (err > tol) ++bad;
            }
        }
        std::printf("%s: %zu of %zu values off by more than %.3g (worst %.3g)\n", bad ? "FAIL" : "PASS", bad, c.size(), tol, worst);
        status = bad ? 1 : 0;
    }
    mesh->close();
    return status;
}
