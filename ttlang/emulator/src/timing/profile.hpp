// The timing model's output for one run: per core and RISC pipeline, busy and stalled cycles and
// what each stall waited on; per kernel call site, cycles; per DRAM bank, traffic; optionally the
// timeline (spans) for a trace. Written out as JSON (ttemu/profile.h), a Chrome trace and
// tt-metal's device profiler CSV.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "timing/network.hpp"

namespace ttemu::timing {

// The five RISC pipelines of a Tensix core, as the profile and the trace name them.
enum class Track : uint8_t { Reader = 0, Writer = 1, Unpack = 2, Math = 3, Pack = 4 };
const char* track_name(Track t);  // "reader (NCRISC)", ...
const char* track_risc(Track t);  // tt-metal profiler names: NCRISC, BRISC, TRISC_0, TRISC_1, TRISC_2

// What a pipeline waited on.
enum class Reason : uint8_t {
    CbWait,        // cb_wait_front: pages of CB `id` (its producer)
    CbReserve,     // cb_reserve_back: free space in CB `id` (its consumer)
    ReadBarrier,   // NoC reads in flight
    WriteBarrier,  // NoC writes not yet acknowledged
    NocQueue,      // the core's NoC interface: too many transactions outstanding
    Semaphore,     // a semaphore (id: its L1 address)
    DstFree,       // math: a DST section still held by the packer
    DstReady,      // pack: DST not yet committed by math
    Operands,      // math: operands not yet unpacked
    SrcFree,       // unpack: source registers still in use by math
    Count
};
const char* reason_name(Reason r);

struct Stall {
    Reason reason;
    uint32_t id;
    uint64_t cycles;
};

struct Span {
    uint64_t start, end;
    const void* pc;
    uint8_t name;
    bool stall;
};

// Cycles per kernel call site.
struct SiteCycles {
    const void* pc;
    uint8_t name;
    uint64_t busy = 0, stall = 0, calls = 0;
};

struct PipeProfile {
    uint32_t core = 0;  // index y * grid_x + x
    Track track = Track::Reader;
    uint64_t start = 0, end = 0;
    uint64_t busy = 0;
    std::vector<Stall> stalls;
    std::vector<SiteCycles> sites;
    std::vector<Span> spans;
    bool spans_truncated = false;
    uint64_t stalled() const;
    void add_stall(Reason r, uint32_t id, uint64_t cycles);
};

// Who fills and who drains a CB: indices into Profile::pipes (-1: nobody in this run).
struct CbLink {
    uint32_t core, cb;
    int producer, consumer;
};

struct Profile {
    uint64_t run = 0;         // the device's run number (ttemu/progress.h)
    std::string arch;
    double clock_ghz = 1.0;
    uint32_t grid_x = 0, grid_y = 0;
    uint64_t launch_cycles = 0;  // dispatch: from enqueue to the kernels' start
    uint64_t kernel_cycles = 0;  // from the first kernel start to the last kernel end
    uint64_t matmul_tiles[5] = {};  // 32x32x32 tile products by math fidelity (0 LoFi .. 4 HiFi4)
    uint64_t eltwise_tiles = 0, sfpu_tiles = 0, reduce_tiles = 0;
    uint32_t matmul_cycles_per_tile[5] = {};  // the cost table's, by fidelity
    double dram_peak_bytes_per_cycle = 0;     // all banks
    uint64_t dram_read_bytes = 0, dram_write_bytes = 0, noc_bytes = 0;
    uint64_t busiest_link = 0;   // cycles
    std::vector<PipeProfile> pipes;
    std::vector<BankStats> banks;
    std::vector<CbLink> cbs;
    std::string error;  // non-empty: the model could not replay the run (the reason)

    std::string to_json() const;
    // Chrome trace-event JSON: one process per core, one thread per pipeline. `site_name`, if
    // given, names a call site (file:line of the kernel by default).
    void write_trace(const std::string& path, const std::vector<std::pair<const void*, std::string>>& names) const;
    // tt-metal's device profiler log (profile_log_device.csv): a zone per kernel per RISC.
    void write_device_csv(const std::string& path) const;
};

}  // namespace ttemu::timing
