// The timing model's input: what each kernel thread did, in program order.
//
// The functional run (scheduler.cpp) executes the kernels as fast as the host allows, in any
// interleaving of host threads. While it does, every kernel API call appends one Event to its
// thread's log, with the cycles the call itself costs (from the cost table, costs.hpp) already
// worked out. After the run, replay.cpp plays the logs of all threads in virtual time: a
// discrete-event simulation that meets threads where they synchronise (CB pages, DST sections,
// semaphores, NoC barriers) and queues their traffic on DRAM banks and NoC links. Because it
// runs on the logs alone, single-threaded, its figures do not depend on how host threads
// interleaved.
#pragma once

#include <cstdint>
#include <vector>

namespace ttemu::timing {

enum class Op : uint8_t {
    Busy,          // `cycles` of work on the thread (compute: on pipeline `x`)
    CbReserve,     // x = cb, a = pages: waits for free space (compute: pack pipeline)
    CbPush,        // x = cb, a = pages
    CbWait,        // x = cb, a = pages: waits for pages (compute: unpack pipeline)
    CbPop,         // x = cb, a = pages
    NocRead,       // a = bytes, b = source endpoint
    NocWrite,      // a = bytes, b = destination endpoint
    NocMcast,      // a = bytes, b = rectangle (x0, y0, x1, y1 of logical cores, 8 bits each)
    ReadBarrier,   // waits for every read issued so far to arrive
    WriteBarrier,  // waits for every write issued so far to be acknowledged
    WritesSent,    // waits for every write issued so far to leave the core (writes_flushed)
    SemWait,       // a = word, b = sequence number of the write that satisfied it
    SemWrite,      // a = word, b = its sequence number, x = 1 if it travels over the NoC
    // Compute (one log for the three TRISC pipelines; replay.cpp splits it).
    Acquire,       // tile_regs_acquire (math)
    Commit,        // tile_regs_commit (math)
    RegsWait,      // tile_regs_wait (pack)
    Release,       // tile_regs_release (pack)
    Compute,       // a = unpack cycles, b = math cycles: an FPU op (unpack feeds math)
    Pack,          // cycles on the pack pipeline (a = tiles)
    Init,          // a, b, cycles: reconfiguration cycles of unpack, math, pack
};

// Pipelines of the compute thread, for Busy.
enum Pipe : uint8_t { kUnpack = 0, kMath = 1, kPack = 2 };

// Endpoints: a worker core (its index y * grid_x + x) or a DRAM bank (kDramEndpoint | bank).
constexpr uint32_t kDramEndpoint = 0x80000000u;

struct Event {
    Op op;
    uint8_t name;   // what the call was (names.hpp): the trace slice and the profile's row
    uint16_t x;
    uint32_t a = 0, b = 0;
    uint32_t cycles = 0;  // the call's own cost on its thread (or pipeline)
    const void* pc = nullptr;  // kernel call site
};
static_assert(sizeof(Event) == 24);

using Log = std::vector<Event>;

}  // namespace ttemu::timing
