#include "ttlang_runtime.hpp"

#include <cstdlib>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#ifdef TTLANG_EMULATOR
#include <ttemu/progress.h>
#endif

using namespace tt::tt_metal;

namespace {

std::mutex g_mutex;
std::vector<std::shared_ptr<distributed::MeshDevice>> g_devices;
std::map<std::string, int32_t> g_by_arch;
std::map<int64_t, std::shared_ptr<distributed::MeshBuffer>> g_buffers;
int64_t g_next_buffer = 1;
thread_local std::string g_error;

template <typename F>
auto guarded(F f, decltype(f()) on_error) -> decltype(f()) {
    try {
        return f();
    } catch (const std::exception& e) {
        g_error = e.what();
        return on_error;
    }
}

}  // namespace

namespace ttl::runtime {

std::shared_ptr<distributed::MeshDevice> device(int32_t handle) {
    std::lock_guard lock(g_mutex);
    if (handle < 0 || static_cast<size_t>(handle) >= g_devices.size()) throw std::invalid_argument("invalid device handle");
    return g_devices[handle];
}

std::shared_ptr<distributed::MeshBuffer> buffer(int64_t handle) {
    std::lock_guard lock(g_mutex);
    auto it = g_buffers.find(handle);
    if (it == g_buffers.end()) throw std::invalid_argument("invalid buffer handle (freed?)");
    return it->second;
}

}  // namespace ttl::runtime

extern "C" {

int32_t ttl_rt_open(const char* arch) {
    return guarded(
        [&]() -> int32_t {
            std::lock_guard lock(g_mutex);
            const std::string key = arch ? arch : "";
            if (auto it = g_by_arch.find(key); it != g_by_arch.end()) return it->second;
#ifdef TTLANG_EMULATOR
            if (!key.empty()) setenv("TTEMU_ARCH", key.c_str(), 1);  // the emulator's preset
#endif
            g_devices.push_back(distributed::MeshDevice::create_unit_mesh(static_cast<int>(g_devices.size())));
            const int32_t h = static_cast<int32_t>(g_devices.size() - 1);
            g_by_arch[key] = h;
            return h;
        },
        -1);
}

int64_t ttl_rt_alloc(int32_t dev, uint64_t size, uint32_t page_size) {
    return guarded(
        [&]() -> int64_t {
            auto d = ttl::runtime::device(dev);
            distributed::DeviceLocalBufferConfig local{.page_size = page_size, .buffer_type = BufferType::DRAM};
            distributed::ReplicatedBufferConfig global{.size = size};
            auto b = distributed::MeshBuffer::create(global, local, d.get());
            std::lock_guard lock(g_mutex);
            g_buffers[g_next_buffer] = b;
            return g_next_buffer++;
        },
        -1);
}

int32_t ttl_rt_write(int64_t buf, const void* src) {
    return guarded(
        [&]() -> int32_t {
            auto b = ttl::runtime::buffer(buf);
            b->device()->mesh_command_queue().enqueue_write_mesh_buffer(b, src, true);
            return 0;
        },
        -1);
}

int32_t ttl_rt_read(int64_t buf, void* dst) {
    return guarded(
        [&]() -> int32_t {
            auto b = ttl::runtime::buffer(buf);
            b->device()->mesh_command_queue().enqueue_read_mesh_buffer(dst, b, true);
            return 0;
        },
        -1);
}

int32_t ttl_rt_free(int64_t buf) {
    std::lock_guard lock(g_mutex);
    return g_buffers.erase(buf) ? 0 : -1;
}

int32_t ttl_rt_zero(int64_t buf) {
    return guarded(
        [&]() -> int32_t {
            auto b = ttl::runtime::buffer(buf);
            const std::vector<uint8_t> zeros(b->size());
            b->device()->mesh_command_queue().enqueue_write_mesh_buffer(b, zeros.data(), true);
            return 0;
        },
        -1);
}

int32_t ttl_rt_fill_padding(int64_t buf, uint32_t rows, uint32_t cols, uint32_t elem_bytes, const char* kernel_path) {
    return guarded(
        [&]() -> int32_t {
            auto b = ttl::runtime::buffer(buf);
            std::vector<uint32_t> accessor;
            TensorAccessorArgs(*b).append_to(accessor);
            const uint32_t address = static_cast<uint32_t>(b->address());
            std::vector<uint32_t> key{address, rows, cols, elem_bytes, b->page_size()};
            key.insert(key.end(), accessor.begin(), accessor.end());
            // Leaked on purpose: workloads must not be destroyed after the devices at exit.
            static auto& cache = *new ttl::runtime::WorkloadCache(16);
            auto* device = b->device();
            key.push_back(static_cast<uint32_t>(device->id()));
            bool built = false;
            auto entry = cache.take(std::move(key), built);
            if (!built) {
                const CoreCoord core{0, 0};
                Program program = CreateProgram();
                const auto format = elem_bytes == 2 ? tt::DataFormat::Float16_b : tt::DataFormat::Float32;
                CreateCircularBuffer(program, core,
                                     CircularBufferConfig(b->page_size(), {{tt::CBIndex::c_0, format}})
                                         .set_page_size(tt::CBIndex::c_0, b->page_size()));
                KernelHandle k = CreateKernel(program, kernel_path, core,
                                              DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                                 .noc = NOC::RISCV_0_default,
                                                                 .compile_args = accessor});
                SetRuntimeArgs(program, k, core, {address, rows, cols, elem_bytes});
                entry->workload.add_program(distributed::MeshCoordinateRange(device->shape()), std::move(program));
            }
            distributed::EnqueueMeshWorkload(device->mesh_command_queue(), entry->workload, false);
            distributed::Finish(device->mesh_command_queue());
            cache.put(std::move(entry));
            return 0;
        },
        -1);
}

int32_t ttl_rt_progress(int32_t dev, ttl_progress* out) {
#ifdef TTLANG_EMULATOR
    return guarded(
        [&]() -> int32_t {
            const ttemu::RunProgress p = ttemu::run_progress(ttl::runtime::device(dev)->id());
            *out = {p.run, p.host_thread, p.noc_writes, p.cores, p.cores_done, p.running ? 1u : 0u};
            return 0;
        },
        -1);
#else
    (void)dev;
    (void)out;
    return 1;
#endif
}

const char* ttl_rt_error(void) { return g_error.c_str(); }

}  // extern "C"
