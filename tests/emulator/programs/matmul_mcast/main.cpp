// Matmul C = A @ B of bfloat16 matrices on a grid of cores with multicast operand reuse, in the
// style of tt-metal's programming_examples/matmul/matmul_multicore_reuse_mcast.
//
// Core (x, y) of a cols x rows grid computes the per_core_M x per_core_N output tiles starting at
// tile (y * per_core_M, x * per_core_N). K is walked in blocks of in0_block_w tiles:
//   - the left column's cores read their in0 (A) block from DRAM and multicast it along their row;
//   - the top row's cores read their in1 (B) block from DRAM and multicast it down their column;
//   - every other core receives both, handshaking with the sender through two semaphores per
//     operand (receiver -> sender: "my CB has room", noc_semaphore_inc; sender -> receivers: "the
//     block has landed", noc_semaphore_set_multicast of VALID).
// The compute kernel works in output subblocks that fit in DST, spilling partial sums to an
// intermediate CB (c_24: Float32 with fp32_dest_acc_en, reloaded with UnpackToDestFp32, else
// Float16_b) between K blocks, and packing the last block's sums to the output CB (c_16).
//
// Usage: prog <kernel dir> M K N <a.f32> <b.f32> <c.f32> [key=value...]
//   a.f32: M x K row-major float32 (rounded to bfloat16 by the host); b.f32: K x N; c.f32
//   receives M x N. Options: grid=XxY (cores: X columns, Y rows; default 4x4), in0_block_w=N
//   (K tiles per block, default 2), fp32_dest_acc_en=0|1 (default 1), out=Float16_b|Float32
//   (default Float32), trace=0|1 (kernels DPRINT each block they move or compute).
// Mt must be a multiple of Y, Nt of X and Kt of in0_block_w.
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/constants.hpp>
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/tilize_utils.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using namespace tt;
using namespace tt::tt_metal;
using namespace tt::constants;

static std::vector<float> read_f32(const std::string& path, size_t n) {
    std::vector<float> v(n);
    std::ifstream f(path, std::ios::binary);
    if (!f.read(reinterpret_cast<char*>(v.data()), std::streamsize(n * sizeof(float))))
        throw std::runtime_error("cannot read " + std::to_string(n) + " floats from " + path);
    return v;
}

static void write_f32(const std::string& path, const std::vector<float>& v) {
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(v.data()), std::streamsize(v.size() * sizeof(float)));
}

// The largest h x w output subblock with h | per_core_M, w | per_core_N that fits in DST.
static std::pair<uint32_t, uint32_t> subblock(uint32_t per_core_M, uint32_t per_core_N, uint32_t dst_tiles) {
    std::pair<uint32_t, uint32_t> best = {1, 1};
    for (uint32_t h = 1; h <= per_core_M; ++h)
        for (uint32_t w = 1; w <= per_core_N; ++w)
            if (per_core_M % h == 0 && per_core_N % w == 0 && h * w <= dst_tiles && h * w > best.first * best.second)
                best = {h, w};
    return best;
}

int main(int argc, char** argv) {
    if (argc < 8) throw std::invalid_argument("usage: prog <kernel dir> M K N a.f32 b.f32 c.f32 [key=value...]");
    const std::string dir = argv[1];
    const uint32_t M = std::stoul(argv[2]), K = std::stoul(argv[3]), N = std::stoul(argv[4]);
    const std::string a_path = argv[5], b_path = argv[6], c_path = argv[7];
    uint32_t cols = 4, rows = 4, in0_block_w = 2;
    bool fp32_dest_acc_en = true, trace = false;
    DataFormat out_format = DataFormat::Float32;
    for (int i = 8; i < argc; ++i) {
        const std::string opt = argv[i];
        const auto eq = opt.find('=');
        const std::string key = opt.substr(0, eq), value = opt.substr(eq + 1);
        if (key == "grid") cols = std::stoul(value.substr(0, value.find('x'))), rows = std::stoul(value.substr(value.find('x') + 1));
        else if (key == "in0_block_w") in0_block_w = std::stoul(value);
        else if (key == "fp32_dest_acc_en") fp32_dest_acc_en = value == "1";
        else if (key == "out") out_format = value == "Float32" ? DataFormat::Float32 : DataFormat::Float16_b;
        else if (key == "trace") trace = value == "1";
        else throw std::invalid_argument("unknown option " + opt);
    }
    const uint32_t Mt = M / TILE_HEIGHT, Kt = K / TILE_WIDTH, Nt = N / TILE_WIDTH;
    if (M % TILE_HEIGHT || K % TILE_WIDTH || N % TILE_WIDTH || Mt % rows || Nt % cols || Kt % in0_block_w)
        throw std::invalid_argument("M, K, N must be tile multiples with Mt % rows == Nt % cols == Kt % in0_block_w == 0");
    const uint32_t per_core_M = Mt / rows, per_core_N = Nt / cols, num_blocks = Kt / in0_block_w;
    const uint32_t dst_tiles = fp32_dest_acc_en ? 4 : 8;  // half sync
    const auto [out_subblock_h, out_subblock_w] = subblock(per_core_M, per_core_N, dst_tiles);
    std::printf("host: %ux%u cores, per core %ux%u tiles, %u blocks of %u, subblock %ux%u\n", cols, rows, per_core_M,
                per_core_N, num_blocks, in0_block_w, out_subblock_h, out_subblock_w);

    std::vector<float> a_f = read_f32(a_path, size_t(M) * K), b_f = read_f32(b_path, size_t(K) * N);
    std::vector<bfloat16> a(a_f.begin(), a_f.end()), b(b_f.begin(), b_f.end());
    a = tilize_nfaces(a, M, K);
    b = tilize_nfaces(b, K, N);

    auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    distributed::MeshWorkload workload;
    auto device_range = distributed::MeshCoordinateRange(mesh_device->shape());
    Program program = CreateProgram();

    const uint32_t in_tile_bytes = tt::tile_size(DataFormat::Float16_b);
    const uint32_t out_tile_bytes = tt::tile_size(out_format);
    const DataFormat interm_format = fp32_dest_acc_en ? DataFormat::Float32 : DataFormat::Float16_b;
    const uint32_t interm_tile_bytes = tt::tile_size(interm_format);
    auto make_buffer = [&](uint32_t tiles, uint32_t page) {
        distributed::DeviceLocalBufferConfig local{.page_size = page, .buffer_type = BufferType::DRAM};
        distributed::ReplicatedBufferConfig whole{.size = uint64_t(tiles) * page};
        return distributed::MeshBuffer::create(whole, local, mesh_device.get());
    };
    auto src0 = make_buffer(Mt * Kt, in_tile_bytes);
    auto src1 = make_buffer(Kt * Nt, in_tile_bytes);
    auto dst = make_buffer(Mt * Nt, out_tile_bytes);
    distributed::EnqueueWriteMeshBuffer(cq, src0, a, false);
    distributed::EnqueueWriteMeshBuffer(cq, src1, b, false);

    const CoreRange all_cores({0, 0}, {cols - 1, rows - 1});
    const uint32_t in0_block_tiles = per_core_M * in0_block_w, in1_block_tiles = per_core_N * in0_block_w;
    const uint32_t out_block_tiles = per_core_M * per_core_N;
    auto make_cb = [&](uint32_t index, DataFormat format, uint32_t tiles, uint32_t tile_bytes) {
        CreateCircularBuffer(program, all_cores,
            CircularBufferConfig(tiles * tile_bytes, {{index, format}}).set_page_size(index, tile_bytes));
    };
    make_cb(CBIndex::c_0, DataFormat::Float16_b, 2 * in0_block_tiles, in_tile_bytes);  // double buffered
    make_cb(CBIndex::c_1, DataFormat::Float16_b, 2 * in1_block_tiles, in_tile_bytes);
    make_cb(CBIndex::c_16, out_format, out_block_tiles, out_tile_bytes);
    make_cb(CBIndex::c_24, interm_format, out_block_tiles, interm_tile_bytes);

    std::map<std::string, std::string> defines;
    if (trace) defines["TRACE"] = "1";
    std::vector<uint32_t> reader_ct;
    TensorAccessorArgs(*src0).append_to(reader_ct);
    TensorAccessorArgs(*src1).append_to(reader_ct);
    auto reader = CreateKernel(program, dir + "/kernels/reader.cpp", all_cores,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default,
                           .compile_args = reader_ct, .defines = defines});
    std::vector<uint32_t> writer_ct;
    TensorAccessorArgs(*dst).append_to(writer_ct);
    auto writer = CreateKernel(program, dir + "/kernels/writer.cpp", all_cores,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default,
                           .compile_args = writer_ct, .defines = defines});
    std::vector<UnpackToDestMode> unpack_to_dest(NUM_CIRCULAR_BUFFERS, UnpackToDestMode::Default);
    if (fp32_dest_acc_en) unpack_to_dest[CBIndex::c_24] = UnpackToDestMode::UnpackToDestFp32;
    const std::vector<uint32_t> compute_ct = {
        in0_block_w, per_core_M / out_subblock_h, per_core_N / out_subblock_w, num_blocks, out_subblock_h, out_subblock_w};
    CreateKernel(program, dir + "/kernels/compute.cpp", all_cores,
        ComputeConfig{.math_fidelity = MathFidelity::HiFi4, .fp32_dest_acc_en = fp32_dest_acc_en,
                      .unpack_to_dest_mode = unpack_to_dest, .compile_args = compute_ct, .defines = defines});

    // Per operand: the sender waits on its sender semaphore for every receiver's "ready"; each
    // receiver waits on its receiver semaphore for the sender's VALID.
    const uint32_t in0_sender_sem = CreateSemaphore(program, all_cores, INVALID);
    const uint32_t in0_receiver_sem = CreateSemaphore(program, all_cores, INVALID);
    const uint32_t in1_sender_sem = CreateSemaphore(program, all_cores, INVALID);
    const uint32_t in1_receiver_sem = CreateSemaphore(program, all_cores, INVALID);

    for (uint32_t y = 0; y < rows; ++y) {
        for (uint32_t x = 0; x < cols; ++x) {
            const CoreCoord core = {x, y};
            const CoreCoord left = mesh_device->worker_core_from_logical_core({0, y});
            const CoreCoord row_first = mesh_device->worker_core_from_logical_core({std::min(1u, cols - 1), y});
            const CoreCoord row_last = mesh_device->worker_core_from_logical_core({cols - 1, y});
            const CoreCoord top = mesh_device->worker_core_from_logical_core({x, 0});
            const CoreCoord col_first = mesh_device->worker_core_from_logical_core({x, std::min(1u, rows - 1)});
            const CoreCoord col_last = mesh_device->worker_core_from_logical_core({x, rows - 1});
            std::vector<uint32_t> args = {
                (uint32_t)src0->address(), (uint32_t)src1->address(), Kt, Nt,
                y * per_core_M * Kt,  // in0: first tile of this core's row block
                x * per_core_N,       // in1: first tile of this core's column block
                in0_block_w, per_core_M, per_core_N, num_blocks,
                // in0: the left column sends along its row.
                uint32_t(x == 0), (uint32_t)row_first.x, (uint32_t)row_first.y, (uint32_t)row_last.x, (uint32_t)row_last.y,
                cols - 1, (uint32_t)left.x, (uint32_t)left.y, in0_sender_sem, in0_receiver_sem,
                // in1: the top row sends down its column.
                uint32_t(y == 0), (uint32_t)col_first.x, (uint32_t)col_first.y, (uint32_t)col_last.x, (uint32_t)col_last.y,
                rows - 1, (uint32_t)top.x, (uint32_t)top.y, in1_sender_sem, in1_receiver_sem};
            SetRuntimeArgs(program, reader, core, args);
            SetRuntimeArgs(program, writer, core,
                {(uint32_t)dst->address(), y * per_core_M * Nt + x * per_core_N, Nt, per_core_M / out_subblock_h,
                 per_core_N / out_subblock_w, out_subblock_h, out_subblock_w});
        }
    }

    workload.add_program(device_range, std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    distributed::Finish(cq);

    std::vector<float> c;
    if (out_format == DataFormat::Float32) {
        distributed::EnqueueReadMeshBuffer(cq, c, dst, true);
    } else {
        std::vector<bfloat16> c16;
        distributed::EnqueueReadMeshBuffer(cq, c16, dst, true);
        c.assign(c16.begin(), c16.end());
    }
    write_f32(c_path, untilize_nfaces(c, M, N));
    std::printf("PASS: matmul %ux%ux%u on %ux%u cores\n", M, K, N, cols, rows);
    mesh_device->close();
    return 0;
}
