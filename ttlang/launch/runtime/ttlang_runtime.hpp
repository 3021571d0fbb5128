// The ttlang runtime: devices and device buffers that live across launches, for generated host
// programs (C++) and for the Python launcher (the C functions, through cffi).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <tt-metalium/distributed.hpp>

extern "C" {

// What the launcher passes to a generated host program's ttl_launch().
struct ttl_launch_args {
    int32_t device;
    const char* kernel_dir;
    uint32_t num_cores;
    const uint32_t* cores;    // x, y per program
    const uint32_t* pids;     // program_id(0), program_id(1) per program
    uint32_t grid[2];         // num_programs(0), num_programs(1)
    const int64_t* buffers;   // one buffer handle per tensor parameter
    const uint32_t* scalars;  // per tensor: rows, cols, tile rows, tile cols; then scalar params
    uint32_t num_scalars;
};

int32_t ttl_rt_open(const char* arch);  // a device handle, or -1
int64_t ttl_rt_alloc(int32_t device, uint64_t size, uint32_t page_size);  // a DRAM buffer, or -1
int32_t ttl_rt_write(int64_t buffer, const void* src);
int32_t ttl_rt_read(int64_t buffer, void* dst);
// `matrices` rows x cols matrices (`matrix_stride` bytes apart, their rows `row_stride` bytes
// apart, elem_bytes 2 or 4 per element) into / out of the buffer's tiles in one pass: tiles in
// tensors.py's layout, each matrix's after the previous one's, zero padding.
int32_t ttl_rt_write_tiles(int64_t buffer, const void* src, uint32_t matrices, int64_t matrix_stride, uint32_t rows,
                           uint32_t cols, int64_t row_stride, uint32_t elem_bytes);
int32_t ttl_rt_read_tiles(int64_t buffer, void* dst, uint32_t matrices, int64_t matrix_stride, uint32_t rows,
                          uint32_t cols, int64_t row_stride, uint32_t elem_bytes);
int32_t ttl_rt_free(int64_t buffer);
int32_t ttl_rt_zero(int64_t buffer);  // fills the buffer with zeros
// Zeroes the padding of a tiled tensor of `matrices` rows x cols matrices (elem_bits per element:
// 32 Float32, 16 Float16_b, 8 Bfp8_b, 4 Bfp4_b) on the device, with the data-movement kernel at
// kernel_path (fill_padding.cpp).
int32_t ttl_rt_fill_padding(int64_t buffer, uint32_t matrices, uint32_t rows, uint32_t cols, uint32_t elem_bits,
                            const char* kernel_path);
const char* ttl_rt_error(void);  // the calling thread's last error

// Progress of the workload running on a device (or of the last one), read while it runs.
struct ttl_progress {
    uint64_t run;          // workloads started on the device so far
    uint64_t host_thread;  // OS thread id of the thread that launched it
    uint64_t noc_writes;   // NoC writes issued so far (tiles stored, for ttlang's writers)
    uint32_t cores;        // cores the run uses
    uint32_t cores_done;   // ... that have finished
    uint32_t running;
};
// 0 and *out filled, 1 if the backend cannot tell (TT-Metalium), -1 on error.
int32_t ttl_rt_progress(int32_t device, struct ttl_progress* out);

// The timing model's profiles (emulator only; ttemu/profile.h): the number of the device's last
// profiled run (0 if none or on TT-Metalium, -1 on error); run `run`'s profile as JSON ("" if it
// is no longer kept); "file:line" of call sites, one per line; the run's Chrome trace with call
// sites relabelled (0, 1 if no longer kept, -1 on error); its tt-metal device profiler CSV.
int64_t ttl_rt_last_run(int32_t device);
const char* ttl_rt_profile_json(int32_t device, uint64_t run);
const char* ttl_rt_site_lines(const uint64_t* pcs, uint32_t n);
int32_t ttl_rt_write_trace(int32_t device, uint64_t run, const char* path, const uint64_t* pcs,
                           const char* const* names, uint32_t n);
int32_t ttl_rt_write_profile_csv(int32_t device, uint64_t run, const char* path);

}  // extern "C"

namespace ttl::runtime {

std::shared_ptr<tt::tt_metal::distributed::MeshDevice> device(int32_t handle);
std::shared_ptr<tt::tt_metal::distributed::MeshBuffer> buffer(int64_t handle);

// Workloads built by earlier launches, keyed by everything they were built from (device, cores,
// compile-time and runtime args), most recently used first: a repeated launch enqueues the
// workload it built before instead of creating its program again, as tt-metal's program cache
// does. A launch takes its entry out while it runs, so concurrent launches never share one.
class WorkloadCache {
public:
    struct Entry {
        std::vector<uint32_t> key;
        tt::tt_metal::distributed::MeshWorkload workload;
    };

    explicit WorkloadCache(size_t capacity = 8) : capacity_(capacity) {}

    // The entry cached under `key`, taken out of the cache, else a new entry with an empty
    // workload (built = false) for the caller to build.
    std::unique_ptr<Entry> take(std::vector<uint32_t> key, bool& built) {
        {
            std::lock_guard lock(mutex_);
            for (auto it = entries_.begin(); it != entries_.end(); ++it)
                if ((*it)->key == key) {
                    std::unique_ptr<Entry> entry = std::move(*it);
                    entries_.erase(it);
                    built = true;
                    return entry;
                }
        }
        built = false;
        auto entry = std::make_unique<Entry>();
        entry->key = std::move(key);
        return entry;
    }

    // Gives an entry whose workload ran back to the cache (one that failed is just dropped).
    void put(std::unique_ptr<Entry> entry) {
        std::lock_guard lock(mutex_);
        entries_.push_front(std::move(entry));
        while (entries_.size() > capacity_) entries_.pop_back();
    }

private:
    size_t capacity_;
    std::mutex mutex_;
    std::list<std::unique_ptr<Entry>> entries_;
};

}  // namespace ttl::runtime
