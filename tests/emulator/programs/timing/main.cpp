// Small programs for the timing model's tests (tests/emulator/test_timing.py): each runs one
// scenario whose cycles follow from a few entries of the cost table, and prints the run's profile.
//
//   main <kernel dir> dram_read <pages> <cores>   cores (0,0).. (cores-1,0) each read <pages>
//                                                 pages of 2 KiB from DRAM bank 0, one barrier
//   main <kernel dir> dram_write <pages> 1        core (0,0) writes <pages> pages of 2 KiB to bank 0
//   main <kernel dir> dram_banks <pages> 12       one reader per DRAM bank, each next to its bank
//                                                 (tech_reports/Saturating_DRAM_bandwidth), reads
//                                                 <pages> pages of 2 KiB of its own bank
//   main <kernel dir> matmul <k> <fidelity>       one output tile over k tiles of K (0 LoFi .. 3 HiFi4)
//   main <kernel dir> matmul_block <k> <fidelity> <format>   a 4 x 2 subblock over k tiles of K with
//                                                 matmul_block, operands of one format (0 Float16_b,
//                                                 1 Bfp8_b, 2 Bfp4_b)
//   main <kernel dir> eltwise <tiles> <format>    c_16 = c_0 + c_1 tile by tile, operands of one
//                                                 format (0 Float16_b, 1 Bfp8_b, 2 Bfp4_b)
//   main <kernel dir> pipeline <tiles>            a fast producer, exp on compute, a drain
//   main <kernel dir> tilize <tiles>              a fast producer, tilize_block on compute, a drain
//   main <kernel dir> mcast <transfers> <bytes>   core (0,0) multicasts to cores (1,0)..(7,0)
//   main <kernel dir> mcast_grid <transfers> <bytes> <side>   core (0,0) multicasts to the side x
//                                                 side cores (1,0)..(side, side - 1)
//   main <kernel dir> read|write <transfers> <bytes>  core (0,0) reads from / writes to core (1,0)
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <ttemu/profile.h>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

using namespace tt;
using namespace tt::tt_metal;

namespace {

constexpr uint32_t kPage = 2048;  // a Float16_b tile

void cb(Program& p, const CoreRangeSet& cores, uint32_t index, uint32_t pages, DataFormat format = DataFormat::Float16_b) {
    const uint32_t page = format == DataFormat::Bfp8_b ? 1088 : format == DataFormat::Bfp4_b ? 576 : kPage;
    CreateCircularBuffer(p, cores, CircularBufferConfig(pages * page, {{index, format}}).set_page_size(index, page));
}

// An interleaved DRAM buffer of 2 KiB pages holding `n` pages in each of the 12 banks.
std::shared_ptr<distributed::MeshBuffer> dram_pages(distributed::MeshDevice& device, uint32_t n) {
    distributed::DeviceLocalBufferConfig dram{.page_size = kPage, .buffer_type = BufferType::DRAM};
    return distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = 12 * n * kPage}, dram, &device);
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
        std::fprintf(stderr, "usage: main <kernel dir> dram_read|dram_write|dram_banks|matmul|matmul_block|pipeline|tilize|mcast|mcast_grid|read|write <n> <m> [<p>]\n");
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
        buffer = dram_pages(*device, n);
        cb(program, cores, CBIndex::c_0, 1);
        std::vector<uint32_t> ct;
        TensorAccessorArgs(*buffer).append_to(ct);
        auto k = reader(program, dir + "dram_read.cpp", cores, ct);
        for (uint32_t x = 0; x < m; ++x) SetRuntimeArgs(program, k, CoreCoord{x, 0}, {uint32_t(buffer->address()), n});
    } else if (what == "dram_write") {
        const CoreRangeSet core(CoreRange({0, 0}, {0, 0}));
        buffer = dram_pages(*device, n);
        cb(program, core, CBIndex::c_0, 1);
        std::vector<uint32_t> ct;
        TensorAccessorArgs(*buffer).append_to(ct);
        auto k = CreateKernel(program, dir + "dram_write.cpp", core,
                              DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default, .compile_args = ct});
        SetRuntimeArgs(program, k, CoreCoord{0, 0}, {uint32_t(buffer->address()), n});
    } else if (what == "dram_banks") {
        // Bank b's reader: the worker east of the bank's endpoint on its row (rows 10-11 are not
        // in the n150's 8x8 compute grid: banks 0 and 5 get row 9, bank 5 one column further so
        // that no two readers share a core). NoC 0 (east, then south) carries each bank's data
        // on links no other bank's data uses. Logical coordinates of the model's 8x8 grid
        // (physical columns 1-4, 6-9 and rows 1-5, 7-9).
        const CoreCoord readers[12] = {{0, 7}, {0, 0}, {0, 4}, {0, 5}, {4, 0}, {5, 7},
                                       {4, 1}, {4, 7}, {4, 6}, {4, 2}, {4, 4}, {4, 5}};
        std::set<CoreRange> ranges;
        for (const CoreCoord& c : readers) ranges.insert(CoreRange(c, c));
        const CoreRangeSet cores(ranges);
        buffer = dram_pages(*device, n);
        cb(program, cores, CBIndex::c_0, 1);
        std::vector<uint32_t> ct;
        TensorAccessorArgs(*buffer).append_to(ct);
        auto k = CreateKernel(program, dir + "dram_bank.cpp", cores,
                              DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::NOC_0, .compile_args = ct});
        for (uint32_t b = 0; b < 12; ++b) SetRuntimeArgs(program, k, readers[b], {uint32_t(buffer->address()), n, b});
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
    } else if (what == "matmul_block") {
        const uint32_t format = argc > 5 ? std::strtoul(argv[5], nullptr, 10) : 0;
        const DataFormat formats[3] = {DataFormat::Float16_b, DataFormat::Bfp8_b, DataFormat::Bfp4_b};
        const CoreRangeSet core(CoreRange({0, 0}, {0, 0}));
        cb(program, core, CBIndex::c_0, 4 * n, formats[format % 3]);
        cb(program, core, CBIndex::c_1, 2 * n, formats[format % 3]);
        cb(program, core, CBIndex::c_16, 8);
        const MathFidelity fidelity[4] = {MathFidelity::LoFi, MathFidelity::HiFi2, MathFidelity::HiFi3, MathFidelity::HiFi4};
        auto feed = reader(program, dir + "feed_block.cpp", core);
        auto drain = writer(program, dir + "drain.cpp", core);
        auto mm = CreateKernel(program, dir + "matmul_block.cpp", core, ComputeConfig{.math_fidelity = fidelity[m & 3]});
        SetRuntimeArgs(program, feed, CoreCoord{0, 0}, {4 * n, 2 * n});
        SetRuntimeArgs(program, drain, CoreCoord{0, 0}, {8});
        SetRuntimeArgs(program, mm, CoreCoord{0, 0}, {n});
    } else if (what == "eltwise") {
        const DataFormat formats[3] = {DataFormat::Float16_b, DataFormat::Bfp8_b, DataFormat::Bfp4_b};
        const CoreRangeSet core(CoreRange({0, 0}, {0, 0}));
        cb(program, core, CBIndex::c_0, n, formats[m % 3]);
        cb(program, core, CBIndex::c_1, n, formats[m % 3]);
        cb(program, core, CBIndex::c_16, 2);
        auto feed = reader(program, dir + "feed_block.cpp", core);
        auto drain = writer(program, dir + "drain.cpp", core);
        auto add = CreateKernel(program, dir + "eltwise.cpp", core, ComputeConfig{.math_fidelity = MathFidelity::HiFi4});
        SetRuntimeArgs(program, feed, CoreCoord{0, 0}, {n, n});
        for (auto k : {drain, add}) SetRuntimeArgs(program, k, CoreCoord{0, 0}, {n});
    } else if (what == "pipeline") {
        const CoreRangeSet core(CoreRange({0, 0}, {0, 0}));
        cb(program, core, CBIndex::c_0, 2);
        cb(program, core, CBIndex::c_16, 2);
        auto produce = reader(program, dir + "produce.cpp", core);
        auto drain = writer(program, dir + "drain.cpp", core);
        auto ex = CreateKernel(program, dir + "exp.cpp", core, ComputeConfig{.math_fidelity = MathFidelity::HiFi4});
        for (auto k : {produce, drain, ex}) SetRuntimeArgs(program, k, CoreCoord{0, 0}, {n});
    } else if (what == "tilize") {
        const CoreRangeSet core(CoreRange({0, 0}, {0, 0}));
        cb(program, core, CBIndex::c_0, 2);
        cb(program, core, CBIndex::c_16, 2);
        auto produce = reader(program, dir + "produce.cpp", core);
        auto drain = writer(program, dir + "drain.cpp", core);
        auto tz = CreateKernel(program, dir + "tilize.cpp", core, ComputeConfig{.math_fidelity = MathFidelity::HiFi4});
        for (auto k : {produce, drain, tz}) SetRuntimeArgs(program, k, CoreCoord{0, 0}, {n});
    } else if (what == "mcast") {
        const CoreRangeSet row(CoreRange({0, 0}, {7, 0}));
        cb(program, row, CBIndex::c_0, (m + kPage - 1) / kPage);
        auto k = writer(program, dir + "mcast.cpp", CoreRangeSet(CoreRange({0, 0}, {0, 0})));
        const CoreCoord a = device->worker_core_from_logical_core({1, 0}), b = device->worker_core_from_logical_core({7, 0});
        SetRuntimeArgs(program, k, CoreCoord{0, 0}, {n, m, uint32_t(a.x), uint32_t(a.y), uint32_t(b.x), uint32_t(b.y), 7});
    } else if (what == "mcast_grid") {
        const uint32_t side = argc > 5 ? std::strtoul(argv[5], nullptr, 10) : 2;
        const CoreRangeSet all(CoreRange({0, 0}, {side, side - 1}));
        cb(program, all, CBIndex::c_0, (m + kPage - 1) / kPage);
        auto k = writer(program, dir + "mcast.cpp", CoreRangeSet(CoreRange({0, 0}, {0, 0})));
        const CoreCoord a = device->worker_core_from_logical_core({1, 0}), b = device->worker_core_from_logical_core({side, side - 1});
        SetRuntimeArgs(program, k, CoreCoord{0, 0}, {n, m, uint32_t(a.x), uint32_t(a.y), uint32_t(b.x), uint32_t(b.y), side * side});
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
