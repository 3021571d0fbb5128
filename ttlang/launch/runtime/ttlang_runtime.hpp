// The ttlang runtime: devices and device buffers that live across launches, for generated host
// programs (C++) and for the Python launcher (the C functions, through cffi).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

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
int32_t ttl_rt_free(int64_t buffer);
const char* ttl_rt_error(void);  // the calling thread's last error

}  // extern "C"

namespace ttl::runtime {

std::shared_ptr<tt::tt_metal::distributed::MeshDevice> device(int32_t handle);
std::shared_ptr<tt::tt_metal::distributed::MeshBuffer> buffer(int64_t handle);

}  // namespace ttl::runtime
