// The CB round trip of benchmarks/emulator_speed.py: on one core, the reader (NCRISC) reserves and
// pushes N single pages into c_0, the writer (BRISC) waits for and pops them; no data moves, so a
// run measures the circular buffer protocol and the switches between the two kernel threads.
//
// Usage: prog <kernel dir> <N> <cb pages> <runs>
//   Each run prints "run <i>: <seconds> s, cpu <seconds> s" for EnqueueMeshWorkload .. Finish
//   (the first run includes the JIT compile of the kernels).
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/distributed.hpp>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <stdexcept>
#include <string>

using namespace tt;
using namespace tt::tt_metal;

// CPU time of the whole process (every worker thread): on a busy machine a steadier figure than
// the wall clock.
static double cpu_seconds() {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

int main(int argc, char** argv) {
    if (argc != 5) throw std::invalid_argument("usage: prog <kernel dir> N cb_pages runs");
    const std::string dir = argv[1];
    const uint32_t n = std::stoul(argv[2]), pages = std::stoul(argv[3]);
    const int runs = std::stoi(argv[4]);

    auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    distributed::MeshWorkload workload;
    Program program = CreateProgram();
    const CoreCoord core = {0, 0};
    constexpr uint32_t page_bytes = 2048;
    CreateCircularBuffer(program, core,
        CircularBufferConfig(pages * page_bytes, {{CBIndex::c_0, DataFormat::Float16_b}}).set_page_size(CBIndex::c_0, page_bytes));
    auto producer = CreateKernel(program, dir + "/kernels/producer.cpp", core,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default});
    auto consumer = CreateKernel(program, dir + "/kernels/consumer.cpp", core,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default});
    SetRuntimeArgs(program, producer, core, {n});
    SetRuntimeArgs(program, consumer, core, {n});
    workload.add_program(distributed::MeshCoordinateRange(mesh_device->shape()), std::move(program));

    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = cpu_seconds();
        distributed::EnqueueMeshWorkload(cq, workload, false);
        distributed::Finish(cq);
        const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
        std::printf("run %d: %.6f s, cpu %.6f s\n", i, dt.count(), cpu_seconds() - c0);
        std::fflush(stdout);
    }
    mesh_device->close();
    return 0;
}
