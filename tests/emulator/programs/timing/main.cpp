// Small programs for the timing model's tests (tests/emulator/test_timing.py): each runs one
// scenario whose cycles follow from a few entries of the cost table, and prints the run's profile.
//
//   main <kernel dir> dram_read <pages> <cores>   cores (0,0).. (cores-1,0) each read <pages>
//                                                 pages of 2 KiB from DRAM bank 0, one barrier
//   main <kernel dir> matmul <k> <fidelity>       one output tile over k tiles of K (0 LoFi .. 3 HiFi4)
//   main <kernel dir> pipeline <tiles>            a fast producer, exp on compute, a drain
//   main <kernel dir> mcast <transfers> <bytes>   core (0,0) multicasts to cores (1,0)..(7,0)
//   main <kernel dir> read|write <transfers> <bytes>  core (0,0) reads from / writes to core (1,0)
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <ttemu/profile.h>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace tt;
using namespace tt::tt_metal;

namespace {

constexpr uint32_t kPage = 2048;  // a Float16_b tile

void cb(Program& p, const CoreRangeSet& cores, uint32_t index, uint32_t pages) {
    CreateCircularBuffer(p, cores,
                         CircularBufferConfig(pages * kPage, {{index, DataFormat::Float16_b}}).set_page_size(index, kPage));
}

KernelHandle reader(Program& p, const std::string& path, const CoreRangeSet& cores, std::vector<uint32_t> ct = {}) {
    return CreateKernel(p, path, cores,
                        DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default, .compile_args = ct});
}

KernelHandle writer(Program& p, const std::string& path, const CoreRangeSet& cores) {
    return CreateKernel(p, path, cores,
                        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default});
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: main <kernel dir> dram_read|matmul|pipeline|mcast <n> <m>\n");
        return 2;
    }
    const std::string dir = std::string(argv[1]) + "/kernels/", what = argv[2];
    const uint32_t n = std::strtoul(argv[3], nullptr, 10), m = std::strtoul(argv[4], nullptr, 10);
    auto device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = device->mesh_command_queue();
    Program program = CreateProgram();
    std::shared_ptr<distributed::MeshBuffer> buffer;

    if (what == "dram_read") {
        const CoreRangeSet cores(CoreRange({0, 0}, {m - 1, 0}));
        distributed::DeviceLocalBufferConfig dram{.page_size = kPage, .buffer_type = BufferType::DRAM};
        buffer = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = 12 * n * kPage}, dram, device.get());
        cb(program, cores, CBIndex::c_0, 1);
        std::vector<uint32_t> ct;
        TensorAccessorArgs(*buffer).append_to(ct);
        auto k = reader(program, dir + "dram_read.cpp", cores, ct);
        for (uint32_t x = 0; x < m; ++x) SetRuntimeArgs(program, k, CoreCoord{x, 0}, {uint32_t(buffer->address()), n});
    } else if (what == "matmul") {
        const CoreRangeSet core(CoreRange({0, 0}, {0, 0}));
        cb(program, core, CBIndex::c_0, n);
        cb(program, core, CBIndex::c_1, n);
        cb(program, core, CBIndex::c_16, 1);
        const MathFidelity fidelity[4] = {MathFidelity::LoFi, MathFidelity::HiFi2, MathFidelity::HiFi3, MathFidelity::HiFi4};
        auto feed = reader(program, dir + "feed.cpp", core);
        auto drain = writer(program, dir + "drain.cpp", core);
        auto mm = CreateKernel(program, dir + "matmul.cpp", core, ComputeConfig{.math_fidelity = fidelity[m & 3]});
        SetRuntimeArgs(program, feed, CoreCoord{0, 0}, {n});
        SetRuntimeArgs(program, drain, CoreCoord{0, 0}, {1});
        SetRuntimeArgs(program, mm, CoreCoord{0, 0}, {n});
    } else if (what == "pipeline") {
        const CoreRangeSet core(CoreRange({0, 0}, {0, 0}));
        cb(program, core, CBIndex::c_0, 2);
        cb(program, core, CBIndex::c_16, 2);
        auto produce = reader(program, dir + "produce.cpp", core);
        auto drain = writer(program, dir + "drain.cpp", core);
        auto ex = CreateKernel(program, dir + "exp.cpp", core, ComputeConfig{.math_fidelity = MathFidelity::HiFi4});
        for (auto k : {produce, drain, ex}) SetRuntimeArgs(program, k, CoreCoord{0, 0}, {n});
    } else if (what == "mcast") {
        const CoreRangeSet row(CoreRange({0, 0}, {7, 0}));
        cb(program, row, CBIndex::c_0, (m + kPage - 1) / kPage);
        auto k = writer(program, dir + "mcast.cpp", CoreRangeSet(CoreRange({0, 0}, {0, 0})));
        const CoreCoord a = device->worker_core_from_logical_core({1, 0}), b = device->worker_core_from_logical_core({7, 0});
        SetRuntimeArgs(program, k, CoreCoord{0, 0}, {n, m, uint32_t(a.x), uint32_t(a.y), uint32_t(b.x), uint32_t(b.y), 7});
    } else if (what == "read" || what == "write") {
        const CoreRangeSet pair(CoreRange({0, 0}, {1, 0}));
        cb(program, pair, CBIndex::c_0, (m + kPage - 1) / kPage);
        const CoreRangeSet me(CoreRange({0, 0}, {0, 0}));
        auto k = what == "read" ? reader(program, dir + "unicast.cpp", me) : writer(program, dir + "unicast.cpp", me);
        const CoreCoord other = device->worker_core_from_logical_core({1, 0});
        SetRuntimeArgs(program, k, CoreCoord{0, 0}, {n, m, uint32_t(other.x), uint32_t(other.y), what == "write" ? 1u : 0u});
    } else {
        std::fprintf(stderr, "unknown scenario %s\n", what.c_str());
        return 2;
    }
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    distributed::Finish(cq);
    std::printf("PROFILE %s\n", ttemu::profile_json(0, ttemu::last_profiled_run(0)).c_str());
    device->close();
    return 0;
}
