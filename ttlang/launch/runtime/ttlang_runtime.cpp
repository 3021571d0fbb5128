#include "ttlang_runtime.hpp"

#include <cstdlib>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

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

const char* ttl_rt_error(void) { return g_error.c_str(); }

}  // extern "C"
