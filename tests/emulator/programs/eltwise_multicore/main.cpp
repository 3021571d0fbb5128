// Eltwise binary add split over a 3x2 grid of cores: 64 tiles shared out as 11,11,11,11,10,10,
// each core told its first tile and tile count through per-core runtime args (in the style of
// tt-metal's multi-core programming examples). Usage: prog <kernel dir>
// Prints one "host: core (x,y) start=S count=C" line per core, then PASS or FAIL.
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/constants.hpp>
#include <cstdio>
#include <cstring>
#include <vector>

using namespace tt;
using namespace tt::tt_metal;

static uint16_t to_bf16(float f) { uint32_t u; std::memcpy(&u, &f, 4); return uint16_t((u + 0x7fff + ((u >> 16) & 1)) >> 16); }
static float from_bf16(uint16_t h) { uint32_t u = uint32_t(h) << 16; float f; std::memcpy(&f, &u, 4); return f; }

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : ".";
    auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    distributed::MeshWorkload workload;
    auto device_range = distributed::MeshCoordinateRange(mesh_device->shape());
    Program program = CreateProgram();

    constexpr uint32_t grid_x = 3, grid_y = 2;
    const CoreRange all_cores({0, 0}, {grid_x - 1, grid_y - 1});

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
    // A NaN sentinel in the output: a tile no core writes cannot pass the check by accident.
    std::vector<uint16_t> sentinel(a.size(), 0x7fc0);
    distributed::EnqueueWriteMeshBuffer(cq, src0, a, false);
    distributed::EnqueueWriteMeshBuffer(cq, src1, b, false);
    distributed::EnqueueWriteMeshBuffer(cq, dst, sentinel, false);

    constexpr uint32_t tiles_per_cb = 2;
    CreateCircularBuffer(program, all_cores, CircularBufferConfig(tiles_per_cb * tile_size_bytes, {{CBIndex::c_0, DataFormat::Float16_b}}).set_page_size(CBIndex::c_0, tile_size_bytes));
    CreateCircularBuffer(program, all_cores, CircularBufferConfig(tiles_per_cb * tile_size_bytes, {{CBIndex::c_1, DataFormat::Float16_b}}).set_page_size(CBIndex::c_1, tile_size_bytes));
    CreateCircularBuffer(program, all_cores, CircularBufferConfig(tiles_per_cb * tile_size_bytes, {{CBIndex::c_16, DataFormat::Float16_b}}).set_page_size(CBIndex::c_16, tile_size_bytes));

    std::vector<uint32_t> reader_ct;
    TensorAccessorArgs(*src0).append_to(reader_ct);
    TensorAccessorArgs(*src1).append_to(reader_ct);
    auto reader = CreateKernel(program, dir + "/kernels/reader.cpp", all_cores,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default, .compile_args = reader_ct});
    std::vector<uint32_t> writer_ct;
    TensorAccessorArgs(*dst).append_to(writer_ct);
    auto writer = CreateKernel(program, dir + "/kernels/writer.cpp", all_cores,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default, .compile_args = writer_ct});
    auto compute = CreateKernel(program, dir + "/kernels/compute.cpp", all_cores, ComputeConfig{.math_fidelity = MathFidelity::HiFi4});

    constexpr uint32_t n_cores = grid_x * grid_y;
    uint32_t start = 0;
    for (uint32_t i = 0; i < n_cores; ++i) {
        const CoreCoord core = {i % grid_x, i / grid_x};
        const uint32_t count = n_tiles / n_cores + (i < n_tiles % n_cores ? 1 : 0);
        SetRuntimeArgs(program, reader, core, {(uint32_t)src0->address(), (uint32_t)src1->address(), start, count});
        SetRuntimeArgs(program, writer, core, {(uint32_t)dst->address(), start, count});
        SetRuntimeArgs(program, compute, core, {count});
        std::printf("host: core (%zu,%zu) start=%u count=%u\n", core.x, core.y, start, count);
        start += count;
    }

    workload.add_program(device_range, std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    distributed::Finish(cq);

    std::vector<uint16_t> out;
    distributed::EnqueueReadMeshBuffer(cq, out, dst, true);
    size_t bad = 0;
    for (size_t i = 0; i < out.size(); ++i) {
        float want = from_bf16(to_bf16(from_bf16(a[i]) + from_bf16(b[i])));
        if (!(from_bf16(out[i]) == want)) { if (bad < 5) std::printf("mismatch at %zu: %f vs %f\n", i, from_bf16(out[i]), want); ++bad; }
    }
    std::printf("%s: %zu mismatches in %zu values\n", bad ? "FAIL" : "PASS", bad, out.size());
    mesh_device->close();
    return bad ? 1 : 0;
}
