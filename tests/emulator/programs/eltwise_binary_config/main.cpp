// The eltwise_binary host program with a few knobs for fault tests that need a different host
// setup. Usage:
//   prog <kernel dir> [fp32_dest_acc_en=0|1] [cb0_tiles=N] [out_cb=N] [l1_buffer_kib=N]
// fp32_dest_acc_en: the compute kernel's ComputeConfig flag (DST holds half as many tiles);
// cb0_tiles:        pages of input CB c_0 (default 2; 1024 two-KiB tiles are 2 MiB, more than L1);
// out_cb:           index of the output CB (default 16, c_16);
// l1_buffer_kib:    also allocate an interleaved L1 buffer of N KiB per core (one bank per core),
//                   which takes the top of every core's L1: the CBs must fit below it.
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/constants.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

using namespace tt;
using namespace tt::tt_metal;

static uint16_t to_bf16(float f) { uint32_t u; std::memcpy(&u, &f, 4); return uint16_t((u + 0x7fff + ((u >> 16) & 1)) >> 16); }
static float from_bf16(uint16_t h) { uint32_t u = uint32_t(h) << 16; float f; std::memcpy(&f, &u, 4); return f; }

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : ".";
    bool fp32_dest_acc_en = false;
    uint32_t cb0_tiles = 2, out_cb = 16, l1_buffer_kib = 0;
    for (int i = 2; i < argc; ++i) {
        const std::string opt = argv[i];
        const auto eq = opt.find('=');
        const std::string key = opt.substr(0, eq);
        const uint32_t value = eq == std::string::npos ? 1u : uint32_t(std::stoul(opt.substr(eq + 1)));
        if (key == "fp32_dest_acc_en") fp32_dest_acc_en = value != 0;
        else if (key == "cb0_tiles") cb0_tiles = value;
        else if (key == "out_cb") out_cb = value;
        else if (key == "l1_buffer_kib") l1_buffer_kib = value;
        else throw std::invalid_argument("unknown option " + opt);
    }

    auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    distributed::MeshWorkload workload;
    auto device_range = distributed::MeshCoordinateRange(mesh_device->shape());
    Program program = CreateProgram();
    constexpr CoreCoord core = {0, 0};

    constexpr uint32_t n_tiles = 64;
    constexpr uint32_t elements_per_tile = constants::TILE_WIDTH * constants::TILE_HEIGHT;
    constexpr uint32_t tile_size_bytes = sizeof(uint16_t) * elements_per_tile;
    distributed::DeviceLocalBufferConfig dram_config{.page_size = tile_size_bytes, .buffer_type = BufferType::DRAM};
    distributed::ReplicatedBufferConfig buffer_config{.size = n_tiles * tile_size_bytes};
    auto src0 = distributed::MeshBuffer::create(buffer_config, dram_config, mesh_device.get());
    auto src1 = distributed::MeshBuffer::create(buffer_config, dram_config, mesh_device.get());
    auto dst = distributed::MeshBuffer::create(buffer_config, dram_config, mesh_device.get());

    std::vector<uint16_t> a(elements_per_tile * n_tiles), b(a.size());
    for (size_t i = 0; i < a.size(); ++i) { a[i] = to_bf16(float(i % 97) * 0.25f); b[i] = to_bf16(-float(i % 13) * 0.5f); }
    distributed::EnqueueWriteMeshBuffer(cq, src0, a, false);
    distributed::EnqueueWriteMeshBuffer(cq, src1, b, false);
    std::shared_ptr<distributed::MeshBuffer> l1_buffer;
    if (l1_buffer_kib) {
        const CoreCoord grid = mesh_device->compute_with_storage_grid_size();
        distributed::DeviceLocalBufferConfig l1_config{.page_size = 1024, .buffer_type = BufferType::L1};
        distributed::ReplicatedBufferConfig l1_size{.size = uint64_t(l1_buffer_kib) * 1024 * grid.x * grid.y};
        l1_buffer = distributed::MeshBuffer::create(l1_size, l1_config, mesh_device.get());
    }

    const auto cb_out = static_cast<CBIndex>(out_cb);
    CreateCircularBuffer(program, core, CircularBufferConfig(cb0_tiles * tile_size_bytes, {{CBIndex::c_0, DataFormat::Float16_b}}).set_page_size(CBIndex::c_0, tile_size_bytes));
    CreateCircularBuffer(program, core, CircularBufferConfig(2 * tile_size_bytes, {{CBIndex::c_1, DataFormat::Float16_b}}).set_page_size(CBIndex::c_1, tile_size_bytes));
    CreateCircularBuffer(program, core, CircularBufferConfig(2 * tile_size_bytes, {{cb_out, DataFormat::Float16_b}}).set_page_size(cb_out, tile_size_bytes));

    std::vector<uint32_t> reader_ct;
    TensorAccessorArgs(*src0).append_to(reader_ct);
    TensorAccessorArgs(*src1).append_to(reader_ct);
    auto reader = CreateKernel(program, dir + "/kernels/reader.cpp", core,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default, .compile_args = reader_ct});
    std::vector<uint32_t> writer_ct;
    TensorAccessorArgs(*dst).append_to(writer_ct);
    auto writer = CreateKernel(program, dir + "/kernels/writer.cpp", core,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default, .compile_args = writer_ct});
    auto compute = CreateKernel(program, dir + "/kernels/compute.cpp", core,
        ComputeConfig{.math_fidelity = MathFidelity::HiFi4, .fp32_dest_acc_en = fp32_dest_acc_en});

    SetRuntimeArgs(program, reader, core, {(uint32_t)src0->address(), (uint32_t)src1->address(), n_tiles});
    SetRuntimeArgs(program, writer, core, {(uint32_t)dst->address(), n_tiles});
    SetRuntimeArgs(program, compute, core, {n_tiles});

    workload.add_program(device_range, std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    distributed::Finish(cq);

    std::vector<uint16_t> out;
    distributed::EnqueueReadMeshBuffer(cq, out, dst, true);
    size_t bad = 0;
    for (size_t i = 0; i < out.size(); ++i) {
        float want = from_bf16(to_bf16(from_bf16(a[i]) + from_bf16(b[i])));
        if (from_bf16(out[i]) != want) { if (bad < 5) std::printf("mismatch at %zu: %f vs %f\n", i, from_bf16(out[i]), want); ++bad; }
    }
    std::printf("%s: %zu mismatches in %zu values\n", bad ? "FAIL" : "PASS", bad, out.size());
    mesh_device->close();
    return bad ? 1 : 0;
}
