// The matmul of benchmarks/emulator_speed.py: C = A @ B of bfloat16 matrices with fp32
// accumulation in DST (fp32_dest_acc_en, HiFi4), one output tile per matmul_tiles sequence, on a
// grid of cores, as tt-metal's programming_examples/matmul/matmul_multi_core does it.
//
// Usage: prog <kernel dir> M K N <a.f32> <b.f32> <c.f32> <grid X> <grid Y> <runs>
//   a.f32: M x K row-major float32 (rounded to bfloat16 by the host), b.f32: K x N, c.f32
//   receives M x N. The workload is enqueued `runs` times; each run prints
//   "run <i>: <seconds> s, cpu <seconds> s" for EnqueueMeshWorkload .. Finish (the first run
//   includes the JIT compile of the kernels).
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/constants.hpp>
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/tilize_utils.hpp>
#include <tt-metalium/work_split.hpp>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace tt;
using namespace tt::tt_metal;

// CPU time of the whole process (every worker thread): on a busy machine a steadier figure than
// the wall clock.
static double cpu_seconds() {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}
using namespace tt::constants;

static std::vector<float> read_f32(const std::string& path, size_t n) {
    std::vector<float> v(n);
    std::ifstream f(path, std::ios::binary);
    if (!f.read(reinterpret_cast<char*>(v.data()), std::streamsize(n * sizeof(float))))
        throw std::runtime_error("cannot read " + std::to_string(n) + " floats from " + path);
    return v;
}

int main(int argc, char** argv) {
    if (argc != 11) throw std::invalid_argument("usage: prog <kernel dir> M K N a.f32 b.f32 c.f32 gridX gridY runs");
    const std::string dir = argv[1];
    const uint32_t M = std::stoul(argv[2]), K = std::stoul(argv[3]), N = std::stoul(argv[4]);
    const CoreCoord grid = {std::stoul(argv[8]), std::stoul(argv[9])};
    const int runs = std::stoi(argv[10]);
    const uint32_t Mt = M / TILE_HEIGHT, Kt = K / TILE_WIDTH, Nt = N / TILE_WIDTH;

    std::vector<float> a_f = read_f32(argv[5], size_t(M) * K), b_f = read_f32(argv[6], size_t(K) * N);
    std::vector<bfloat16> a = tilize_nfaces(std::vector<bfloat16>(a_f.begin(), a_f.end()), M, K);
    std::vector<bfloat16> b = tilize_nfaces(std::vector<bfloat16>(b_f.begin(), b_f.end()), K, N);

    auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    distributed::MeshWorkload workload;
    auto device_range = distributed::MeshCoordinateRange(mesh_device->shape());
    Program program = CreateProgram();

    constexpr uint32_t tile_bytes = sizeof(bfloat16) * TILE_HW;
    auto make_buffer = [&](uint32_t tiles) {
        distributed::DeviceLocalBufferConfig local{.page_size = tile_bytes, .buffer_type = BufferType::DRAM};
        distributed::ReplicatedBufferConfig whole{.size = uint64_t(tiles) * tile_bytes};
        return distributed::MeshBuffer::create(whole, local, mesh_device.get());
    };
    auto src0 = make_buffer(Mt * Kt);
    auto src1 = make_buffer(Kt * Nt);
    auto dst = make_buffer(Mt * Nt);
    distributed::EnqueueWriteMeshBuffer(cq, src0, a, false);
    distributed::EnqueueWriteMeshBuffer(cq, src1, b, false);

    auto [num_cores, all_cores, core_group_1, core_group_2, work_per_core_1, work_per_core_2] =
        split_work_to_cores(grid, Mt * Nt);

    for (auto cb : {CBIndex::c_0, CBIndex::c_1, CBIndex::c_16})
        CreateCircularBuffer(program, all_cores,
            CircularBufferConfig(2 * tile_bytes, {{cb, DataFormat::Float16_b}}).set_page_size(cb, tile_bytes));

    std::vector<uint32_t> reader_ct;
    TensorAccessorArgs(*src0).append_to(reader_ct);
    TensorAccessorArgs(*src1).append_to(reader_ct);
    auto reader = CreateKernel(program, dir + "/kernels/reader.cpp", all_cores,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default, .compile_args = reader_ct});
    std::vector<uint32_t> writer_ct;
    TensorAccessorArgs(*dst).append_to(writer_ct);
    auto writer = CreateKernel(program, dir + "/kernels/writer.cpp", all_cores,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default, .compile_args = writer_ct});
    auto compute = CreateKernel(program, dir + "/kernels/compute.cpp", all_cores,
        ComputeConfig{.math_fidelity = MathFidelity::HiFi4, .fp32_dest_acc_en = true});

    uint32_t work_offset = 0;
    for (const auto& [group, work] : {std::pair{core_group_1, work_per_core_1}, std::pair{core_group_2, work_per_core_2}})
        for (const CoreRange& range : group.ranges())
            for (const CoreCoord& core : range) {
                SetRuntimeArgs(program, reader, core,
                    {(uint32_t)src0->address(), (uint32_t)src1->address(), Mt, Kt, Nt, work_offset, work});
                SetRuntimeArgs(program, writer, core, {(uint32_t)dst->address(), work, work_offset});
                SetRuntimeArgs(program, compute, core, {work, Kt});
                work_offset += work;
            }
    workload.add_program(device_range, std::move(program));

    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = cpu_seconds();
        distributed::EnqueueMeshWorkload(cq, workload, false);
        distributed::Finish(cq);
        const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
        std::printf("run %d: %.6f s, cpu %.6f s\n", i, dt.count(), cpu_seconds() - c0);
        std::fflush(stdout);
    }

    std::vector<bfloat16> c16;
    distributed::EnqueueReadMeshBuffer(cq, c16, dst, true);
    std::vector<float> c = untilize_nfaces(std::vector<float>(c16.begin(), c16.end()), M, N);
    std::ofstream(argv[7], std::ios::binary).write(reinterpret_cast<const char*>(c.data()), std::streamsize(c.size() * sizeof(float)));
    std::printf("matmul %ux%ux%u on %u cores\n", M, K, N, num_cores);
    mesh_device->close();
    return 0;
}
