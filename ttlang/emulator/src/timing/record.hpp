// Recording events for the timing model from the kernel API implementations (dataflow.cpp,
// compute.cpp, compute_ops.cpp): each call appends what it did and what it cost.
#pragma once

#include <algorithm>
#include <mutex>

#include "device.hpp"
#include "timing/cost_model.hpp"
#include "timing/events.hpp"
#include "timing/names.hpp"

namespace ttemu::timing {

inline void record(Thread& t, Op op, uint8_t name, uint16_t x = 0, uint32_t a = 0, uint32_t b = 0,
                   uint32_t cycles = 0) {
    if (!t.costs) return;
    t.log.push_back(Event{op, name, x, a, b, cycles + t.pending, t.pc});
    t.pending = 0;
}

// A cost from the thread's table (0 when the model is off).
inline uint32_t cost(const Thread& t, uint32_t Costs::*what) { return t.costs ? t.costs->*what : 0; }

// Cycles of a cheap call, charged to the thread's next event.
inline void charge(Thread& t, uint32_t Costs::*what) {
    if (t.costs) t.pending += t.costs->*what;
}

// Unpacking / packing one tile of a CB's format.
inline uint32_t unpack_tile(const Thread& t, uint8_t format) {
    return t.costs ? t.costs->unpack_tile[format_class(format)] + t.costs->unpack_call : 0;
}
inline uint32_t pack_tile(const Thread& t, uint8_t format) {
    return t.costs ? t.costs->pack_tile[format_class(format)] + t.costs->pack_call : 0;
}

// An FPU op: `unpack` cycles feeding `math` cycles (plus the call) on the math pipeline.
inline void record_op(Thread& t, uint8_t name, uint32_t unpack, uint32_t Costs::*math, uint32_t times = 1) {
    if (t.costs) record(t, Op::Compute, name, 0, unpack, t.costs->*math * times + t.costs->math_call);
}

// Unpacking `na` tiles of format `fa` into SrcA and `nb` of format `fb` into SrcB: the two
// unpackers run at once, sharing L1's read bandwidth.
inline uint32_t unpack_pair(const Thread& t, uint8_t fa, uint32_t na, uint8_t fb, uint32_t nb) {
    if (!t.costs) return 0;
    const Costs& c = *t.costs;
    const FormatClass a = format_class(fa), b = format_class(fb);
    const uint32_t joint = (na * datum_bytes_of(a) + nb * datum_bytes_of(b) + c.unpack_l1_bytes_per_cycle - 1) /
                           c.unpack_l1_bytes_per_cycle;
    return std::max({na * c.unpack_tile[a], nb * c.unpack_tile[b], joint}) + c.unpack_call;
}

// Reconfiguration of the three compute pipelines.
inline void record_init(Thread& t, uint8_t name, const uint32_t (Costs::*what)[3]) {
    if (t.costs) record(t, Op::Init, name, 0, (t.costs->*what)[0], (t.costs->*what)[1], (t.costs->*what)[2]);
}

// A semaphore word: its core and L1 offset in one key.
inline uint32_t word_key(const Device& d, const Core& c, const void* p) {
    const uint32_t core = c.y * d.arch().grid_x + c.x;
    return core << 21 | static_cast<uint32_t>(static_cast<const uint8_t*>(p) - c.l1);
}

// Applies `write` to a semaphore word under the device's semaphore lock; the write's number.
template <typename F>
uint32_t counted_write(Device& d, uint32_t key, F write) {
    std::lock_guard lock(d.sem_mutex);
    write();
    return ++d.sem_writes[key];
}

// The writes to a semaphore word so far.
inline uint32_t writes_so_far(Device& d, uint32_t key) {
    std::lock_guard lock(d.sem_mutex);
    auto it = d.sem_writes.find(key);
    return it == d.sem_writes.end() ? 0 : it->second;
}

// The endpoint (events.hpp) an encoded NoC address names.
inline uint32_t endpoint_of(Device& d, uint64_t noc_addr) {
    const ArchSpec& a = d.arch();
    const uint32_t x = (noc_addr >> 36) & 63, y = (noc_addr >> 42) & 63;
    if (x == a.dram_x && y < a.num_dram_banks && a.worker_x0 != a.dram_x) return kDramEndpoint | y;
    return (y - a.worker_y0) * a.grid_x + (x - a.worker_x0);
}

}  // namespace ttemu::timing
