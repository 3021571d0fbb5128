// A kernel built with defines whose value is empty: tt-metal passes every define as KEY=VALUE, so
// an empty value is an empty macro (not 1, as a bare -DKEY would make it). TT-NN's binary_ng
// factory relies on it: PROCESS_LHS_ACTIVATIONS(i) = "" means "no activations" to its kernels.
// The kernel static_asserts the expansions, so a wrong build fails at CreateKernel / launch.
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>

#include <cstdio>
#include <string>

using namespace tt::tt_metal;

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    const std::string kernels = argv[1];
    auto mesh = distributed::MeshDevice::create_unit_mesh(0);
    Program program = CreateProgram();
    const CoreCoord core{0, 0};
    const std::map<std::string, std::string> defines = {{"EMPTY", ""}, {"EMPTY_FN(i)", ""}, {"ONE", "1"}};
    CreateKernel(program, kernels + "/reader.cpp", core, ReaderDataMovementConfig({}, defines));
    CreateKernel(program, kernels + "/compute.cpp", core, ComputeConfig{.defines = defines});
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(mesh->mesh_command_queue(), workload, false);
    distributed::Finish(mesh->mesh_command_queue());
    std::printf("PASS\n");
    mesh->close();
    return 0;
}
