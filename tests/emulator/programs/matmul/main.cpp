// Matmul C = A @ B (or A @ B^T) of bfloat16 matrices on a grid of cores, in the style of tt-metal's
// programming_examples/matmul/matmul_multi_core: the Mt x Nt output tiles are split over the
// cores with split_work_to_cores; each core's reader streams the A and B tiles of its output
// tiles (k inner), its compute kernel accumulates matmul_tiles in DST, its writer stores C.
//
// Usage: prog <kernel dir> M K N <a.f32> <b.f32> <c.f32> [key=value...]
//   a.f32: M x K row-major float32; b.f32: K x N (N x K with transpose=1); c.f32 receives M x N.
//   grid=XxY (default 1x1)   fidelity=LoFi|HiFi2|HiFi3|HiFi4 (default HiFi4)
//   fp32_dest_acc_en=0|1     out=Float16_b|Float32 (default Float16_b)
//   transpose=0|1            in_cb_tiles=N (pages of the input CBs, default 2)
// The inputs are rounded to bfloat16 (round to nearest even) by the host, as bfloat16(float) does.
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/constants.hpp>
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/tilize_utils.hpp>
#include <tt-metalium/work_split.hpp>

#include <cstdio>
#include <fstream>
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

int main(int argc, char** argv) {
    if (argc < 8) throw std::invalid_argument("usage: prog <kernel dir> M K N a.f32 b.f32 c.f32 [key=value...]");
    const std::string dir = argv[1];
    const uint32_t M = std::stoul(argv[2]), K = std::stoul(argv[3]), N = std::stoul(argv[4]);
    const std::string a_path = argv[5], b_path = argv[6], c_path = argv[7];
    CoreCoord grid = {1, 1};
    MathFidelity fidelity = MathFidelity::HiFi4;
    bool fp32_dest_acc_en = false, transpose = false;
    DataFormat out_format = DataFormat::Float16_b;
    uint32_t in_cb_tiles = 2;
    for (int i = 8; i < argc; ++i) {
        const std::string opt = argv[i];
        const auto eq = opt.find('=');
        const std::string key = opt.substr(0, eq), value = opt.substr(eq + 1);
        if (key == "grid") grid = {std::stoul(value.substr(0, value.find('x'))), std::stoul(value.substr(value.find('x') + 1))};
        else if (key == "fidelity") fidelity = value == "LoFi" ? MathFidelity::LoFi : value == "HiFi2" ? MathFidelity::HiFi2
                                             : value == "HiFi3" ? MathFidelity::HiFi3 : MathFidelity::HiFi4;
        else if (key == "fp32_dest_acc_en") fp32_dest_acc_en = value == "1";
        else if (key == "transpose") transpose = value == "1";
        else if (key == "out") out_format = value == "Float32" ? DataFormat::Float32 : DataFormat::Float16_b;
        else if (key == "in_cb_tiles") in_cb_tiles = std::stoul(value);
        else throw std::invalid_argument("unknown option " + opt);
    }
    const uint32_t Mt = M / TILE_HEIGHT, Kt = K / TILE_WIDTH, Nt = N / TILE_WIDTH;

    // Host data: bfloat16, tilized.
    std::vector<float> a_f = read_f32(a_path, size_t(M) * K), b_f = read_f32(b_path, size_t(K) * N);
    std::vector<bfloat16> a(a_f.begin(), a_f.end()), b(b_f.begin(), b_f.end());
    a = tilize_nfaces(a, M, K);
    b = transpose ? tilize_nfaces(b, N, K) : tilize_nfaces(b, K, N);

    auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    distributed::MeshWorkload workload;
    auto device_range = distributed::MeshCoordinateRange(mesh_device->shape());
    Program program = CreateProgram();

    const uint32_t in_tile_bytes = sizeof(bfloat16) * TILE_HW;
    const uint32_t out_tile_bytes = tt::tile_size(out_format);
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

    auto [num_cores, all_cores, core_group_1, core_group_2, work_per_core_1, work_per_core_2] =
        split_work_to_cores(grid, Mt * Nt);

    CreateCircularBuffer(program, all_cores,
        CircularBufferConfig(in_cb_tiles * in_tile_bytes, {{CBIndex::c_0, DataFormat::Float16_b}}).set_page_size(CBIndex::c_0, in_tile_bytes));
    CreateCircularBuffer(program, all_cores,
        CircularBufferConfig(in_cb_tiles * in_tile_bytes, {{CBIndex::c_1, DataFormat::Float16_b}}).set_page_size(CBIndex::c_1, in_tile_bytes));
    CreateCircularBuffer(program, all_cores,
        CircularBufferConfig(2 * out_tile_bytes, {{CBIndex::c_16, out_format}}).set_page_size(CBIndex::c_16, out_tile_bytes));

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
        ComputeConfig{.math_fidelity = fidelity, .fp32_dest_acc_en = fp32_dest_acc_en, .compile_args = {uint32_t(transpose)}});

    uint32_t work_offset = 0;
    for (const auto& [group, work] : {std::pair{core_group_1, work_per_core_1}, std::pair{core_group_2, work_per_core_2}}) {
        for (const CoreRange& range : group.ranges()) {
            for (const CoreCoord& core : range) {
                SetRuntimeArgs(program, reader, core,
                    {(uint32_t)src0->address(), (uint32_t)src1->address(), Mt, Kt, Nt, work_offset, work, uint32_t(transpose)});
                SetRuntimeArgs(program, writer, core, {(uint32_t)dst->address(), work, work_offset});
                SetRuntimeArgs(program, compute, core, {work, Kt, Mt, Nt});
                std::printf("host: core (%zu,%zu) start=%u count=%u\n", core.x, core.y, work_offset, work);
                work_offset += work;
            }
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
    std::printf("PASS: matmul %ux%ux%u on %u cores\n", M, K, N, num_cores);
    mesh_device->close();
    return 0;
}
