#include "ttlang_runtime.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#ifdef TTLANG_EMULATOR
#include <ttemu/host_pages.h>
#include <ttemu/profile.h>
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

// Tile layout (ttlang/launch/tensors.py): tile (i, j) of a rows x cols tensor is page
// i * tile_cols + j, four 16x16 faces (top-left, top-right, bottom-left, bottom-right), each
// row-major; elements outside the tensor are zero. E: bytes per element. `page(p)` is the address
// of page p. Tensor rows are `stride` bytes apart, their elements contiguous.
constexpr uint32_t kTile = 32, kFace = 16;

template <uint32_t E, typename Page>
void tilize(const uint8_t* src, int64_t stride, uint32_t rows, uint32_t cols, Page page) {
    const uint32_t tile_rows = (rows + kTile - 1) / kTile, tile_cols = (cols + kTile - 1) / kTile;
    for (uint32_t i = 0; i < tile_rows; ++i)
        for (uint32_t j = 0; j < tile_cols; ++j) {
            uint8_t* d = page(i * tile_cols + j);
            for (uint32_t face = 0; face < 4; ++face)
                for (uint32_t r = 0; r < kFace; ++r, d += kFace * E) {
                    const uint32_t row = i * kTile + face / 2 * kFace + r, col = j * kTile + face % 2 * kFace;
                    const uint32_t n = row < rows && col < cols ? std::min(kFace, cols - col) : 0;
                    const uint8_t* s = n ? src + int64_t(row) * stride + int64_t(col) * E : nullptr;
                    if (n == kFace) {
                        std::memcpy(d, s, kFace * E);
                    } else {
                        if (n) std::memcpy(d, s, n * E);
                        std::memset(d + n * E, 0, (kFace - n) * E);
                    }
                }
        }
}

// The tensor's elements from its tiles (the padding is not read).
template <uint32_t E, typename Page>
void untilize(uint8_t* dst, int64_t stride, uint32_t rows, uint32_t cols, Page page) {
    const uint32_t tile_rows = (rows + kTile - 1) / kTile, tile_cols = (cols + kTile - 1) / kTile;
    for (uint32_t i = 0; i < tile_rows; ++i)
        for (uint32_t j = 0; j < tile_cols; ++j) {
            const uint8_t* s = page(i * tile_cols + j);
            for (uint32_t face = 0; face < 4; ++face)
                for (uint32_t r = 0; r < kFace; ++r, s += kFace * E) {
                    const uint32_t row = i * kTile + face / 2 * kFace + r, col = j * kTile + face % 2 * kFace;
                    if (row >= rows || col >= cols) continue;
                    uint8_t* d = dst + int64_t(row) * stride + int64_t(col) * E;
                    if (cols - col >= kFace) {
                        std::memcpy(d, s, kFace * E);
                    } else {
                        std::memcpy(d, s, (cols - col) * E);
                    }
                }
        }
}

// Runs tilize / untilize on the buffer's pages: in place on the emulator (its device memory is
// host memory), through a whole-buffer staging copy on TT-Metalium.
template <bool kToDevice>
void transfer_tiles(int64_t buf, uint8_t* host, uint32_t matrices, int64_t matrix_stride, uint32_t rows, uint32_t cols,
                    int64_t stride, uint32_t elem_bytes) {
    auto b = ttl::runtime::buffer(buf);
    const uint64_t per_matrix = uint64_t((rows + kTile - 1) / kTile) * ((cols + kTile - 1) / kTile);
    if ((elem_bytes != 2 && elem_bytes != 4) || b->page_size() != kTile * kTile * elem_bytes ||
        b->num_pages() != matrices * per_matrix)
        throw std::invalid_argument("the buffer does not hold the tiles of " + std::to_string(matrices) + " " +
                                    std::to_string(rows) + "x" + std::to_string(cols) + " matrices of " +
                                    std::to_string(elem_bytes) + "-byte elements");
    auto run = [&](auto page) {
        for (uint32_t m = 0; m < matrices; ++m) {
            uint8_t* h = host + int64_t(m) * matrix_stride;
            auto p = [&, first = m * per_matrix](uint32_t i) { return page(static_cast<uint32_t>(first + i)); };
            if (elem_bytes == 2) {
                kToDevice ? tilize<2>(h, stride, rows, cols, p) : untilize<2>(h, stride, rows, cols, p);
            } else {
                kToDevice ? tilize<4>(h, stride, rows, cols, p) : untilize<4>(h, stride, rows, cols, p);
            }
        }
    };
#ifdef TTLANG_EMULATOR
    run([&](uint32_t p) { return ttemu::buffer_page(*b, p); });
#else
    std::vector<uint8_t> staging(b->size());
    auto& cq = b->device()->mesh_command_queue();
    if (!kToDevice) cq.enqueue_read_mesh_buffer(staging.data(), b, true);
    run([&](uint32_t p) { return staging.data() + uint64_t(p) * b->page_size(); });
    if (kToDevice) cq.enqueue_write_mesh_buffer(b, staging.data(), true);
#endif
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

int32_t ttl_rt_write_tiles(int64_t buf, const void* src, uint32_t matrices, int64_t matrix_stride, uint32_t rows,
                           uint32_t cols, int64_t row_stride, uint32_t elem_bytes) {
    return guarded(
        [&]() -> int32_t {
            transfer_tiles<true>(buf, static_cast<uint8_t*>(const_cast<void*>(src)), matrices, matrix_stride, rows, cols,
                                 row_stride, elem_bytes);
            return 0;
        },
        -1);
}

int32_t ttl_rt_read_tiles(int64_t buf, void* dst, uint32_t matrices, int64_t matrix_stride, uint32_t rows,
                          uint32_t cols, int64_t row_stride, uint32_t elem_bytes) {
    return guarded(
        [&]() -> int32_t {
            transfer_tiles<false>(buf, static_cast<uint8_t*>(dst), matrices, matrix_stride, rows, cols, row_stride,
                                  elem_bytes);
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

int32_t ttl_rt_fill_padding(int64_t buf, uint32_t matrices, uint32_t rows, uint32_t cols, uint32_t elem_bits,
                            const char* kernel_path) {
    return guarded(
        [&]() -> int32_t {
            auto b = ttl::runtime::buffer(buf);
            std::vector<uint32_t> accessor;
            TensorAccessorArgs(*b).append_to(accessor);
            const uint32_t address = static_cast<uint32_t>(b->address());
            std::vector<uint32_t> key{address, matrices, rows, cols, elem_bits, b->page_size()};
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
                const auto format = elem_bits == 32   ? tt::DataFormat::Float32
                                    : elem_bits == 16 ? tt::DataFormat::Float16_b
                                    : elem_bits == 8  ? tt::DataFormat::Bfp8_b
                                                      : tt::DataFormat::Bfp4_b;
                CreateCircularBuffer(program, core,
                                     CircularBufferConfig(b->page_size(), {{tt::CBIndex::c_0, format}})
                                         .set_page_size(tt::CBIndex::c_0, b->page_size()));
                KernelHandle k = CreateKernel(program, kernel_path, core,
                                              DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                                 .noc = NOC::RISCV_0_default,
                                                                 .compile_args = accessor});
                SetRuntimeArgs(program, k, core, {address, rows, cols, elem_bits, matrices});
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

int64_t ttl_rt_last_run(int32_t dev) {
#ifdef TTLANG_EMULATOR
    return guarded([&]() -> int64_t { return int64_t(ttemu::last_profiled_run(ttl::runtime::device(dev)->id())); }, -1);
#else
    (void)dev;
    return 0;
#endif
}

const char* ttl_rt_profile_json(int32_t dev, uint64_t run) {
    thread_local std::string out;
#ifdef TTLANG_EMULATOR
    out = guarded([&] { return ttemu::profile_json(ttl::runtime::device(dev)->id(), run); }, std::string());
#else
    (void)dev;
    (void)run;
    out.clear();
#endif
    return out.c_str();
}

const char* ttl_rt_site_lines(const uint64_t* pcs, uint32_t n) {
    thread_local std::string out;
    out.clear();
#ifdef TTLANG_EMULATOR
    for (const std::string& line : ttemu::site_lines(std::vector<uint64_t>(pcs, pcs + n))) out += line + "\n";
#else
    (void)pcs;
    (void)n;
#endif
    return out.c_str();
}

int32_t ttl_rt_write_trace(int32_t dev, uint64_t run, const char* path, const uint64_t* pcs, const char* const* names,
                           uint32_t n) {
#ifdef TTLANG_EMULATOR
    return guarded(
        [&]() -> int32_t {
            std::vector<std::pair<uint64_t, std::string>> labels;
            for (uint32_t i = 0; i < n; ++i) labels.emplace_back(pcs[i], names[i]);
            return ttemu::write_profile_trace(ttl::runtime::device(dev)->id(), run, path, labels) ? 0 : 1;
        },
        -1);
#else
    (void)dev, (void)run, (void)path, (void)pcs, (void)names, (void)n;
    return 1;
#endif
}

int32_t ttl_rt_write_profile_csv(int32_t dev, uint64_t run, const char* path) {
#ifdef TTLANG_EMULATOR
    return guarded(
        [&]() -> int32_t { return ttemu::write_profile_csv(ttl::runtime::device(dev)->id(), run, path) ? 0 : 1; }, -1);
#else
    (void)dev, (void)run, (void)path;
    return 1;
#endif
}

const char* ttl_rt_error(void) { return g_error.c_str(); }

}  // extern "C"
