// The emulated device: cores with L1 byte arrays, circular buffers, semaphores, DRAM banks,
// and the per-thread state of the kernels running on them.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "arch.hpp"
#include "fiber.hpp"
#include "timing/events.hpp"

namespace ttemu {

namespace timing {
struct Costs;
}

// The three kernel threads of a Tensix core, named as in the hardware docs.
enum class Risc : uint8_t { BRISC = 0, NCRISC = 1, TRISC = 2 };
const char* risc_name(Risc r);  // "writer (BRISC)" ...

constexpr uint32_t kMaxCbs = 64;
constexpr uint32_t kNumSemaphores = 8;
constexpr uint32_t kSemaphoreStride = 16;
constexpr uint32_t kMaxRuntimeArgs = 341;
constexpr uint32_t kL1Stride = 2u << 20;  // each core's L1 sits in a 2 MiB aligned slot

// A fault: a misuse of the device that the hardware would hang on or silently corrupt.
struct Fault : std::exception {
    std::string message;
    explicit Fault(std::string m) : message(std::move(m)) {}
    const char* what() const noexcept override { return message.c_str(); }
};

struct CircularBuffer {
    bool configured = false;
    uint32_t base = 0;  // L1 offset of the FIFO
    uint32_t size = 0;  // bytes
    uint32_t page_size = 0;
    uint32_t num_pages = 0;
    uint8_t format = 0xff;  // tt::DataFormat
    // Monotonic page counters shared by producer and consumer (tiles_received / tiles_acked).
    uint32_t pushed = 0, popped = 0;
    uint32_t wr_page = 0, rd_page = 0;  // FIFO slot of the write and read pointers
    uint32_t reserved = 0;              // pages reserved at the back, not yet pushed
    uint32_t wr_tile_ptr = 0;           // tiles packed in order since the last push
    uint32_t waited = 0;                // pages waited for at the front, not yet popped
    uint32_t available() const { return pushed - popped; }
    uint32_t free_pages() const { return num_pages - available(); }
};

// One NoC transfer in flight: it lands at its barrier.
struct NocOp {
    uint8_t* dst;
    const uint8_t* src;
    uint32_t size;
    uint32_t count = 1;  // > 1: multicast to `count` destinations spaced kL1Stride apart
};

struct Thread;
struct Core;
class Device;

// Why a thread is blocked: enough to evaluate the wait and to explain a deadlock.
struct Wait {
    enum Kind : uint8_t { None, CbReserve, CbWait, Semaphore, SemaphoreMin, Progress, L1Poll } kind = None;
    uint32_t cb = 0;
    uint32_t wanted = 0;
    volatile uint32_t* sem = nullptr;
    const void* pc = nullptr;  // return address in the kernel: resolved to file:line on report
    uint64_t epoch = 0;        // Progress, L1Poll: wait until a NoC write lands after this epoch,
    uint64_t core_epoch = 0;   //   or the core changes after this count: its CBs for Progress
                               //   (Core::cb_epoch), its threads' runs for L1Poll (Core::resumes)
    const char* what = nullptr;  // Progress: the polling call
};

struct Counters {
    uint64_t noc_read_bytes = 0, noc_write_bytes = 0, noc_reads = 0, noc_writes = 0;
    uint64_t tiles_unpacked = 0, tiles_packed = 0;
    uint64_t eltwise_tiles = 0, sfpu_tiles = 0, matmul_tiles = 0, reduce_tiles = 0;
    uint64_t cb_pushes = 0, cb_pops = 0;
    uint64_t blocked_polls = 0;  // scheduler passes spent blocked: the stall measure
};

// An interleaved buffer allocated on the device (see buffers.hpp).
struct BufferInfo {
    bool is_dram = true;
    uint32_t address = 0;
    uint64_t size = 0;
    uint32_t page_size = 0;
    uint32_t aligned_page_size = 0;
    uint32_t num_pages = 0;
};

struct ComputeState;  // compute.cpp

// A JIT-compiled kernel, loaded and ready to run on any number of cores.
struct KernelImage {
    std::string name;  // source file name, for messages
    std::string path;  // source path
    void (*entry)() = nullptr;
    void* handle = nullptr;  // dlopen handle
    bool is_compute = false;
    // ComputeConfig (compute kernels only)
    uint8_t math_fidelity = 4;  // 0 LoFi, 2 HiFi2, 3 HiFi3, 4 HiFi4
    bool fp32_dest_acc_en = false;
    bool dst_full_sync_en = false;
    bool math_approx_mode = false;
    std::vector<uint8_t> unpack_to_dest_fp32;  // per CB: UnpackToDestFp32
};

// One kernel thread on one core.
struct Thread {
    Core* core = nullptr;
    Risc risc = Risc::BRISC;
    const KernelImage* kernel = nullptr;
    std::unique_ptr<Fiber> fiber;
    Wait wait;
    const void* pc = nullptr;  // kernel call site of the API call in progress
    bool blocked = false;
    bool done = false;
    uint32_t* args = nullptr;         // unique runtime args (in L1)
    uint32_t* common_args = nullptr;  // common runtime args (in L1)
    uint32_t num_args = 0, num_common_args = 0;
    std::vector<NocOp> reads, writes;  // outstanding NoC transfers issued by this thread
    uint64_t noc_state_addr[4] = {};   // the command buffers' *_set_state address and size
    uint32_t noc_state_size[4] = {};
    // The buffers this thread's address generators looked up last (find_buffer takes a lock that
    // every core would contend for on every page), valid while the device's buffer generation
    // is unchanged.
    struct CachedBuffer {
        uint64_t generation = ~0ull;
        bool is_dram = false;
        uint32_t address = 0;
        BufferInfo info;
    };
    CachedBuffer buffer_cache[4];
    uint32_t buffer_cache_next = 0;
    ComputeState* compute = nullptr;  // the compute engine, for a compute kernel's thread
    std::unique_ptr<ComputeState> compute_storage;  // kept from launch to launch (DST is 64 KiB)
    Counters counters;
    // The timing model (timing/events.hpp): what the thread did, with each call's cost; null
    // costs when the model is off. `pending`: cycles of cheap calls (argument reads, address
    // arithmetic) not worth an event of their own, charged to the next event.
    const timing::Costs* costs = nullptr;
    timing::Log log;
    uint32_t pending = 0;
    uint8_t noc = 0;  // the NoC its transfers use (DataMovementConfig::noc)
};

struct Core {
    Device* device = nullptr;
    uint32_t x = 0, y = 0;  // logical coordinates
    uint8_t* l1 = nullptr;  // kL1Stride-aligned slot, arch.l1_size bytes used
    CircularBuffer cbs[kMaxCbs];
    Thread threads[3];      // indexed by Risc
    int worker = 0;         // host worker thread that runs this core
    uint64_t cb_epoch = 0;  // CB pushes and pops so far (only this core's threads see its CBs)
    uint64_t resumes = 0;   // times one of its threads was resumed (a plain L1 store may follow)
    // Mailboxes (ckernel::mailbox_write / mailbox_read): one queue per receiver, BRISC's and the
    // compute threads' (one, as one fiber runs the three).
    struct Mailbox {
        uint32_t values[64] = {};
        uint32_t written = 0;  // words written so far (a semaphore-like counter the reader waits on)
        uint32_t read = 0;
    } mailboxes[2];
    uint32_t l1_addr(const void* p) const {
        return static_cast<uint32_t>(static_cast<const uint8_t*>(p) - l1);
    }
};

// Encoded NoC addresses: [0, 36) local address, [36, 42) x, [42, 48) y; multicast adds the end
// corner in [48, 54) x and [54, 60) y and sets bit 63.
constexpr int kNocLocalBits = 36;
inline uint64_t noc_encode(uint32_t x, uint32_t y, uint64_t local) {
    return (uint64_t(y & 63) << 42) | (uint64_t(x & 63) << 36) | (local & ((1ull << 36) - 1));
}
inline uint64_t noc_encode_mcast(uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1, uint64_t local) {
    return (1ull << 63) | (uint64_t(y1 & 63) << 54) | (uint64_t(x1 & 63) << 48) | noc_encode(x0, y0, local);
}

struct Allocator {
    // First-fit over [base, limit) with coalescing free list; the same range in every bank.
    uint64_t base = 0, limit = 0;
    struct Block { uint64_t addr, size; };
    std::vector<Block> free_list;
    void init(uint64_t b, uint64_t l) { base = b; limit = l; free_list = {{b, l - b}}; }
    uint64_t alloc(uint64_t size, uint64_t align, bool top_down);  // returns UINT64_MAX if full
    void free(uint64_t addr, uint64_t size);
    uint64_t lowest_allocated_from_top() const;  // lowest address of the top-down region
};

class Device {
public:
    explicit Device(ArchSpec arch, int id);
    ~Device();
    Device(const Device&) = delete;

    const ArchSpec& arch() const { return arch_; }
    int id() const { return id_; }
    uint32_t num_cores() const { return arch_.grid_x * arch_.grid_y; }
    Core& core(uint32_t x, uint32_t y) { return cores_[y * arch_.grid_x + x]; }
    Core* core_at_virtual(uint32_t vx, uint32_t vy);
    std::vector<Core>& cores() { return cores_; }

    uint8_t* dram_bank(uint32_t b) { return dram_[b]; }
    Allocator& dram_allocator() { return dram_alloc_; }
    Allocator& l1_allocator() { return l1_alloc_; }

    // Resolves an encoded NoC address to host memory, checking the range [addr, addr + size).
    uint8_t* resolve(uint64_t noc_addr, uint32_t size, const char* what);
    // The core whose L1 slot holds host pointer p (or null).
    Core* core_of(const void* p);

    std::mutex launch_mutex;  // one workload at a time per device

    // Interleaved buffers by (is_dram, address): see buffers.hpp.
    std::shared_mutex buffers_mutex;
    std::map<std::pair<bool, uint32_t>, BufferInfo> buffers;
    std::atomic<uint64_t> buffers_generation{0};  // bumped by every register / unregister

    // Writes to each semaphore word this run, counted (timing model: a wait names the write that
    // satisfied it). Keyed by timing::word_key.
    std::mutex sem_mutex;
    std::unordered_map<uint32_t, uint32_t> sem_writes;

private:
    ArchSpec arch_;
    int id_;
    uint8_t* arena_ = nullptr;
    size_t arena_size_ = 0;
    std::vector<Core> cores_;
    std::vector<uint8_t*> dram_;
    Allocator dram_alloc_, l1_alloc_;
};

// The thread running on this host thread right now (null outside kernels).
Thread* current_thread();
void set_current_thread(Thread* t);

// Raises a fault attributed to the current thread and the kernel call site `pc`.
[[noreturn]] void fault(const void* pc, const std::string& message);
// "core (x,y) reader (NCRISC)" for messages.
std::string describe(const Thread& t);
// file:line of a return address inside a JIT-compiled kernel, or "" if unknown.
std::string source_line(const void* pc);
std::vector<std::string> source_lines(const std::vector<const void*>& pcs);  // batched

// Blocks the current thread until `w` is satisfied (see scheduler.cpp).
void block(const Wait& w);
// Tells the scheduler that shared state changed (wakes waiters on other workers).
void notify_progress();
// Tells the scheduler that a CB of core `c` changed: only threads of that core can be waiting for
// it, and they all run on the worker making the change, which looks at them again anyway.
void notify_cb_progress(Core& c);
// A kernel polled for something that is not there yet (cb_pages_available_at_front and the
// like): lets the other threads run until anything changes, as a spinning core would.
void poll_wait(const char* what, uint32_t cb, uint32_t wanted);
void poll_l1_wait();  // invalidate_l1_cache in a polling loop

}  // namespace ttemu
