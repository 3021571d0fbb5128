// The kernel-side runtime: arguments, circular buffers, NoC transfers, semaphores, DPRINT.
// Every entry point records its kernel call site first, so a fault names the kernel line.
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

#include "buffers.hpp"
#include "device.hpp"
#include "scheduler.hpp"
#include "timing/record.hpp"
#include "ttemu/kernel_abi.h"

namespace ttemu {

using timing::Costs;
using timing::Op;
using timing::cost;
using timing::record;

namespace {

#define TTEMU_ENTER() Thread& t = enter(__builtin_return_address(0))

Thread& enter(const void* pc) {
    Thread* t = current_thread();
    if (!t) throw Fault("a kernel API function was called outside a running kernel");
    t->pc = pc;
    return *t;
}

std::string fmt(const char* f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* f, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, f);
    std::vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    return buf;
}

uint32_t host_addr(const void* p) { return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(p)); }
uint8_t* host_ptr(uint32_t a) { return reinterpret_cast<uint8_t*>(static_cast<uintptr_t>(a)); }

CircularBuffer& checked_cb(Thread& t, int32_t cb, const char* fn) {
    if (cb < 0 || static_cast<uint32_t>(cb) >= t.core->device->arch().max_cbs)
        fault(nullptr, fmt("%s: CB index %d is out of range (this architecture has c_0..c_%u)", fn, cb,
                           t.core->device->arch().max_cbs - 1));
    CircularBuffer& c = t.core->cbs[cb];
    if (!c.configured)
        fault(nullptr, fmt("%s: CB c_%d is not configured on this core (no CreateCircularBuffer for it)", fn, cb));
    return c;
}

void check_count(const CircularBuffer& c, int32_t cb, int32_t n, const char* fn) {
    if (n < 0) fault(nullptr, fmt("%s(c_%d, %d): the page count must not be negative", fn, cb, n));
    if (static_cast<uint32_t>(n) > c.num_pages)
        fault(nullptr, fmt("%s(c_%d, %d): the CB holds only %u pages, so this would wait forever", fn, cb, n,
                           c.num_pages));
}

// The L1 byte range of `n` FIFO slots starting at `slot`.
bool overlaps(const NocOp& op, const uint8_t* lo, const uint8_t* hi, bool dst) {
    const uint8_t* a = dst ? op.dst : op.src;
    return a < hi && a + op.size > lo;
}

uint8_t* local_l1(Thread& t, uint32_t addr, uint32_t size, const char* fn) {
    uint8_t* p = host_ptr(addr);
    Core* c = t.core->device->core_of(p);
    const uint32_t off = c ? c->l1_addr(p) : 0;
    if (c != t.core || off + uint64_t(size) > t.core->device->arch().l1_size)
        fault(nullptr, fmt("%s: local L1 address 0x%x (+%u bytes) is not inside this core's L1", fn, addr, size));
    return p;
}

void land(std::vector<NocOp>& ops) {
    // Sources are mostly DRAM pages that no cache holds: ask for all their lines at once, so that
    // the copies wait for one memory latency rather than one per line.
    for (const NocOp& op : ops)
        for (uint32_t off = 0; off < op.size; off += 64) __builtin_prefetch(op.src + off);
    for (const NocOp& op : ops)
        for (uint32_t i = 0; i < op.count; ++i) std::memcpy(op.dst + size_t(i) * kL1Stride, op.src, op.size);
    ops.clear();
}

std::mutex g_print_mutex;

// The buffer at (is_dram, address) through the thread's cache of recent lookups (null if none).
const BufferInfo* cached_buffer(Thread& t, bool is_dram, uint32_t address) {
    Device& d = *t.core->device;
    const uint64_t gen = d.buffers_generation.load(std::memory_order_acquire);
    for (const Thread::CachedBuffer& c : t.buffer_cache)
        if (c.generation == gen && c.address == address && c.is_dram == is_dram) return &c.info;
    Thread::CachedBuffer& c = t.buffer_cache[t.buffer_cache_next++ % std::size(t.buffer_cache)];
    if (!find_buffer(d, is_dram, address, c.info, &c.generation)) {
        c.generation = ~0ull;
        return nullptr;
    }
    c.is_dram = is_dram;
    c.address = address;
    return &c.info;
}

}  // namespace

void finish_thread(Thread& t) {
    land(t.reads);
    land(t.writes);
    notify_progress();
}

namespace abi {

uint32_t arg_addr(int idx) {
    TTEMU_ENTER();
    if (idx < 0 || static_cast<uint32_t>(idx) >= t.num_args)
        fault(nullptr, fmt("get_arg_val(%d): only %u runtime args were set for this kernel on this core", idx,
                           t.num_args));
    timing::charge(t, &Costs::arg_read);
    return host_addr(t.args + idx);
}

uint32_t common_arg_addr(int idx) {
    TTEMU_ENTER();
    if (idx < 0 || static_cast<uint32_t>(idx) >= t.num_common_args)
        fault(nullptr, fmt("get_common_arg_val(%d): only %u common runtime args were set for this kernel", idx,
                           t.num_common_args));
    timing::charge(t, &Costs::arg_read);
    return host_addr(t.common_args + idx);
}

void cb_reserve_back(int32_t cb, int32_t n) {
    TTEMU_ENTER();
    CircularBuffer& c = checked_cb(t, cb, "cb_reserve_back");
    check_count(c, cb, n, "cb_reserve_back");
    if (n == 0) return;  // as on hardware: zero pages are always there (TT-NN's padding paths do this)
    if (c.wr_page + n > c.num_pages)
        fault(nullptr, fmt("cb_reserve_back(c_%d, %d): the pages from slot %u run past the end of the CB (%u "
                           "pages); its page count must be a multiple of the pages reserved at once",
                           cb, n, c.wr_page, c.num_pages));
    block(Wait{Wait::CbReserve, static_cast<uint32_t>(cb), static_cast<uint32_t>(n), nullptr, t.pc});
    if (static_cast<uint32_t>(n) > c.reserved) c.reserved = n;
    record(t, Op::CbReserve, timing::kCbReserveBack, cb, n, 0, cost(t, &Costs::cb_call));
}

void cb_push_back(int32_t cb, int32_t n) {
    TTEMU_ENTER();
    CircularBuffer& c = checked_cb(t, cb, "cb_push_back");
    if (n < 0 || static_cast<uint32_t>(n) > c.reserved)
        fault(nullptr, fmt("cb_push_back(c_%d, %d): pushes more pages than were reserved (%u)", cb, n, c.reserved));
    if (n == 0) return;
    const uint8_t* lo = t.core->l1 + c.base + c.wr_page * c.page_size;
    const uint8_t* hi = lo + size_t(n) * c.page_size;
    for (const Thread& other : t.core->threads)
        for (const NocOp& op : other.reads)
            if (op.count == 1 && overlaps(op, lo, hi, true))
                fault(nullptr, fmt("cb_push_back(c_%d, %d): a NoC read into the pushed pages is still in flight "
                                   "(missing noc_async_read_barrier before the push)", cb, n));
    c.reserved -= n;
    c.wr_tile_ptr = 0;
    c.pushed += n;
    c.wr_page = (c.wr_page + n) % c.num_pages;
    ++t.counters.cb_pushes;
    notify_cb_progress(*t.core);
    record(t, Op::CbPush, timing::kCbPushBack, cb, n, 0, cost(t, &Costs::cb_call));
}

void cb_wait_front(int32_t cb, int32_t n) {
    TTEMU_ENTER();
    CircularBuffer& c = checked_cb(t, cb, "cb_wait_front");
    check_count(c, cb, n, "cb_wait_front");
    if (n == 0) return;  // as on hardware: zero pages are always there (TT-NN's padding paths do this)
    if (c.rd_page + n > c.num_pages)
        fault(nullptr, fmt("cb_wait_front(c_%d, %d): the pages from slot %u run past the end of the CB (%u pages); "
                           "its page count must be a multiple of the pages waited for at once",
                           cb, n, c.rd_page, c.num_pages));
    block(Wait{Wait::CbWait, static_cast<uint32_t>(cb), static_cast<uint32_t>(n), nullptr, t.pc});
    if (static_cast<uint32_t>(n) > c.waited) c.waited = n;
    record(t, Op::CbWait, timing::kCbWaitFront, cb, n, 0, cost(t, &Costs::cb_call));
}

void cb_pop_front(int32_t cb, int32_t n) {
    TTEMU_ENTER();
    CircularBuffer& c = checked_cb(t, cb, "cb_pop_front");
    if (n < 0 || static_cast<uint32_t>(n) > c.waited)
        fault(nullptr, fmt("cb_pop_front(c_%d, %d): pops more pages than were waited for (%u)", cb, n, c.waited));
    if (n == 0) return;
    const uint8_t* lo = t.core->l1 + c.base + c.rd_page * c.page_size;
    const uint8_t* hi = lo + size_t(n) * c.page_size;
    for (const Thread& other : t.core->threads)
        for (const NocOp& op : other.writes)
            if (overlaps(op, lo, hi, false))
                fault(nullptr, fmt("cb_pop_front(c_%d, %d): a NoC write from the popped pages is still in flight "
                                   "(missing noc_async_write_barrier before the pop)", cb, n));
    c.waited -= n;
    c.popped += n;
    c.rd_page = (c.rd_page + n) % c.num_pages;
    ++t.counters.cb_pops;
    notify_cb_progress(*t.core);
    record(t, Op::CbPop, timing::kCbPopFront, cb, n, 0, cost(t, &Costs::cb_call));
}

bool cb_pages_reservable_at_back(int32_t cb, int32_t n) {
    TTEMU_ENTER();
    record(t, Op::Busy, timing::kCbPoll, 0, 0, 0, cost(t, &Costs::poll));
    if (checked_cb(t, cb, "cb_pages_reservable_at_back").free_pages() >= static_cast<uint32_t>(n)) return true;
    poll_wait("cb_pages_reservable_at_back", cb, n);  // a polling loop lets the others run
    return t.core->cbs[cb].free_pages() >= static_cast<uint32_t>(n);
}

void poll_l1() {
    TTEMU_ENTER();
    record(t, Op::Busy, timing::kL1Poll, 0, 0, 0, cost(t, &Costs::poll));
    poll_l1_wait();
}

bool cb_pages_available_at_front(int32_t cb, int32_t n) {
    TTEMU_ENTER();
    record(t, Op::Busy, timing::kCbPoll, 0, 0, 0, cost(t, &Costs::poll));
    if (checked_cb(t, cb, "cb_pages_available_at_front").available() >= static_cast<uint32_t>(n)) return true;
    poll_wait("cb_pages_available_at_front", cb, n);
    return t.core->cbs[cb].available() >= static_cast<uint32_t>(n);
}

uint32_t cb_write_ptr(uint32_t cb) {
    TTEMU_ENTER();
    CircularBuffer& c = checked_cb(t, static_cast<int32_t>(cb), "get_write_ptr");
    timing::charge(t, &Costs::arg_read);
    return host_addr(t.core->l1 + c.base + c.wr_page * c.page_size);
}

uint32_t cb_read_ptr(uint32_t cb) {
    TTEMU_ENTER();
    CircularBuffer& c = checked_cb(t, static_cast<int32_t>(cb), "get_read_ptr");
    timing::charge(t, &Costs::arg_read);
    return host_addr(t.core->l1 + c.base + c.rd_page * c.page_size);
}

void cb_interface(uint32_t cb, uint32_t words[8]) {
    TTEMU_ENTER();
    CircularBuffer& c = checked_cb(t, static_cast<int32_t>(cb), "get_local_cb_interface");
    timing::charge(t, &Costs::arg_read);
    const uint32_t base = host_addr(t.core->l1 + c.base);
    words[0] = c.size;
    words[1] = base + c.size;
    words[2] = c.page_size;
    words[3] = c.num_pages;
    words[4] = base + c.rd_page * c.page_size;
    words[5] = base + c.wr_page * c.page_size;
    words[6] = (c.popped & 0xffffu) | (c.pushed & 0xffffu) << 16;
    words[7] = c.wr_tile_ptr;
}

void noc_read(uint64_t src_noc_addr, uint32_t dst_l1_addr, uint32_t size) {
    TTEMU_ENTER();
    uint8_t* dst = local_l1(t, dst_l1_addr, size, "noc_async_read");
    const uint8_t* src = t.core->device->resolve(src_noc_addr, size, "noc_async_read");
    t.reads.push_back({dst, src, size});
    t.counters.noc_read_bytes += size;
    ++t.counters.noc_reads;
    record(t, Op::NocRead, timing::kNocRead, 0, size, timing::endpoint_of(*t.core->device, src_noc_addr),
           cost(t, &Costs::noc_read_issue));
}

void noc_write(uint32_t src_l1_addr, uint64_t dst_noc_addr, uint32_t size) {
    TTEMU_ENTER();
    const uint8_t* src = local_l1(t, src_l1_addr, size, "noc_async_write");
    uint8_t* dst = t.core->device->resolve(dst_noc_addr, size, "noc_async_write");
    t.writes.push_back({dst, src, size});
    t.counters.noc_write_bytes += size;
    ++t.counters.noc_writes;
    record(t, Op::NocWrite, timing::kNocWrite, 0, size, timing::endpoint_of(*t.core->device, dst_noc_addr),
           cost(t, &Costs::noc_write_issue));
}

void noc_read_zeros(uint32_t dst_l1_addr, uint32_t size) {
    TTEMU_ENTER();
    // The core's zero region (MEM_ZEROS_BASE on Wormhole, 512 bytes): read once per 512 bytes.
    static constexpr uint32_t kZerosSize = 512;
    static const uint8_t zeros[kZerosSize] = {};
    uint8_t* dst = local_l1(t, dst_l1_addr, size, "noc.async_write_zeros");
    const uint64_t self = noc_encode(t.core->x + t.core->device->arch().worker_x0, t.core->y + t.core->device->arch().worker_y0, dst_l1_addr);
    for (uint32_t done = 0; done < size; done += kZerosSize) {
        const uint32_t n = std::min(kZerosSize, size - done);
        t.reads.push_back({dst + done, zeros, n});
        t.counters.noc_read_bytes += n;
        ++t.counters.noc_reads;
        record(t, Op::NocRead, timing::kNocRead, 0, n, timing::endpoint_of(*t.core->device, self),
               cost(t, &Costs::noc_read_issue));
    }
}

void noc_set_state(uint32_t cmd_buf, uint64_t noc_addr, uint32_t size) {
    TTEMU_ENTER();
    if (cmd_buf >= 4) fault(nullptr, fmt("NoC command buffer %u does not exist (0-3)", cmd_buf));
    t.noc_state_addr[cmd_buf] = noc_addr;
    t.noc_state_size[cmd_buf] = size;
}

void noc_set_state_addr(uint32_t cmd_buf, uint64_t noc_addr) {
    TTEMU_ENTER();
    if (cmd_buf >= 4) fault(nullptr, fmt("NoC command buffer %u does not exist (0-3)", cmd_buf));
    t.noc_state_addr[cmd_buf] = noc_addr;
}

uint64_t noc_state_addr(uint32_t cmd_buf) {
    TTEMU_ENTER();
    return t.noc_state_addr[cmd_buf & 3];
}

uint32_t noc_state_size(uint32_t cmd_buf) {
    TTEMU_ENTER();
    return t.noc_state_size[cmd_buf & 3];
}

void noc_inline_write(uint64_t dst_noc_addr, uint32_t val, uint8_t byte_enable) {
    TTEMU_ENTER();
    uint8_t* dst = t.core->device->resolve(dst_noc_addr, 4, "noc_inline_dw_write");
    // The value travels in the request itself, so it lands now (in order after this thread's
    // earlier writes), not at the barrier from an L1 source.
    land(t.writes);
    for (int i = 0; i < 4; ++i)
        if (byte_enable >> i & 1) __atomic_store_n(dst + i, static_cast<uint8_t>(val >> (8 * i)), __ATOMIC_RELEASE);
    t.counters.noc_write_bytes += 4;
    ++t.counters.noc_writes;
    notify_progress();
}

uint64_t bank_noc_addr(bool is_dram, uint32_t bank, uint32_t addr) {
    TTEMU_ENTER();
    Device& d = *t.core->device;
    const ArchSpec& a = d.arch();
    if (is_dram) {
        if (bank >= a.num_dram_banks) fault(nullptr, fmt("DRAM bank %u does not exist (%u banks)", bank, a.num_dram_banks));
        return noc_encode(a.dram_x, bank, addr);
    }
    if (bank >= d.num_cores()) fault(nullptr, fmt("L1 bank %u does not exist (%u banks)", bank, d.num_cores()));
    return noc_encode(bank % a.grid_x + a.worker_x0, bank / a.grid_x + a.worker_y0, addr);
}

namespace {

// The cores of a multicast rectangle, in slot order; checks num_dests against it.
std::vector<Core*> mcast_targets(Thread& t, uint64_t mcast, uint32_t num_dests, bool include_self, const char* fn) {
    Device& d = *t.core->device;
    const uint32_t x0 = (mcast >> 36) & 63, y0 = (mcast >> 42) & 63, x1 = (mcast >> 48) & 63, y1 = (mcast >> 54) & 63;
    if (!(mcast >> 63)) fault(nullptr, std::string(fn) + ": the destination is not a multicast address "
                                                         "(use get_noc_multicast_addr)");
    std::vector<Core*> out;
    for (uint32_t y = std::min(y0, y1); y <= std::max(y0, y1); ++y)
        for (uint32_t x = std::min(x0, x1); x <= std::max(x0, x1); ++x) {
            Core* c = d.core_at_virtual(x, y);
            if (!c) fault(nullptr, fmt("%s: the rectangle (%u,%u)-(%u,%u) leaves the worker grid", fn, x0, y0, x1, y1));
            if (c != t.core || include_self) out.push_back(c);
        }
    if (out.size() != num_dests)
        fault(nullptr, fmt("%s: num_dests is %u but the rectangle (%u,%u)-(%u,%u) reaches %zu cores%s", fn, num_dests,
                           x0, y0, x1, y1, out.size(), include_self ? " (the sender included)" : ""));
    return out;
}

// The rectangle of a multicast address in logical cores, packed for a NocMcast event.
uint32_t mcast_rect(Device& d, uint64_t mcast) {
    const ArchSpec& a = d.arch();
    const uint32_t x0 = (mcast >> 36) & 63, y0 = (mcast >> 42) & 63, x1 = (mcast >> 48) & 63, y1 = (mcast >> 54) & 63;
    return (x0 - a.worker_x0) | (y0 - a.worker_y0) << 8 | (x1 - a.worker_x0) << 16 | (y1 - a.worker_y0) << 24;
}

// A write to a semaphore word that may be on another core (it travels over the NoC), counted.
template <typename F>
void remote_write(Thread& t, uint32_t* p, uint8_t name, F write) {
    Device& d = *t.core->device;
    Core* c = d.core_of(p);
    if (!c) {  // not in any core's L1 (DRAM): nothing waits on it
        write();
        return;
    }
    const uint32_t key = timing::word_key(d, *c, p);
    const uint32_t seq = timing::counted_write(d, key, write);
    record(t, Op::SemWrite, name, 1, key, seq, cost(t, &Costs::sem_call));
}

void write_barrier(Thread& t, Op op, uint8_t name) {
    // Only a write into some core's L1 can wake a thread (a semaphore wait); one into DRAM cannot,
    // and the shared progress epoch costs every worker a cache miss.
    bool to_l1 = false;
    for (const NocOp& op : t.writes) to_l1 = to_l1 || t.core->device->core_of(op.dst) != nullptr;
    land(t.writes);
    if (to_l1) notify_progress();
    record(t, op, name, 0, 0, 0, cost(t, &Costs::barrier_call));
}

}  // namespace

void noc_write_multicast(uint32_t src_l1_addr, uint64_t mcast, uint32_t size, uint32_t num_dests, bool include_self) {
    TTEMU_ENTER();
    const char* fn = include_self ? "noc_async_write_multicast_loopback_src" : "noc_async_write_multicast";
    const uint8_t* src = local_l1(t, src_l1_addr, size, fn);
    const uint32_t off = static_cast<uint32_t>(mcast) & (kL1Stride - 1);
    if (off + uint64_t(size) > t.core->device->arch().l1_size)
        fault(nullptr, fmt("%s: L1 address 0x%x + %u bytes is outside L1", fn, off, size));
    for (Core* c : mcast_targets(t, mcast, num_dests, include_self, fn)) t.writes.push_back({c->l1 + off, src, size});
    t.counters.noc_write_bytes += uint64_t(size) * num_dests;
    ++t.counters.noc_writes;
    record(t, Op::NocMcast, timing::kNocMcast, 0, size, mcast_rect(*t.core->device, mcast),
           cost(t, &Costs::noc_write_issue));
}

void noc_read_barrier() {
    TTEMU_ENTER();
    land(t.reads);
    record(t, Op::ReadBarrier, timing::kReadBarrier, 0, 0, 0, cost(t, &Costs::barrier_call));
}

void noc_write_barrier() {
    TTEMU_ENTER();
    write_barrier(t, Op::WriteBarrier, timing::kWriteBarrier);
}

// The writes have left the core; their acknowledgements may still be on the way (functionally
// they land here, as at a barrier).
void noc_writes_flushed() {
    TTEMU_ENTER();
    write_barrier(t, Op::WritesSent, timing::kWritesFlushed);
}

void noc_full_barrier() {
    TTEMU_ENTER();
    land(t.reads);
    land(t.writes);
    notify_progress();
    record(t, Op::ReadBarrier, timing::kFullBarrier, 0, 0, 0, cost(t, &Costs::barrier_call));
    record(t, Op::WriteBarrier, timing::kFullBarrier);
}

uint64_t noc_addr_xy(uint32_t x, uint32_t y, uint64_t addr) { return noc_encode(x, y, addr); }

uint64_t noc_addr_local(uint64_t addr) {
    TTEMU_ENTER();
    const ArchSpec& a = t.core->device->arch();
    return noc_encode(t.core->x + a.worker_x0, t.core->y + a.worker_y0, addr);
}

uint64_t noc_mcast_addr(uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1, uint64_t addr) {
    return noc_encode_mcast(x0, y0, x1, y1, addr);
}

uint64_t interleaved_page_addr(bool is_dram, uint32_t base, uint32_t page_size, uint32_t page_id, uint32_t offset) {
    TTEMU_ENTER();
    timing::charge(t, &Costs::addr_gen);
    Device& d = *t.core->device;
    const BufferInfo* b = cached_buffer(t, is_dram, base);
    const char* kind = is_dram ? "DRAM" : "L1";
    if (!b) fault(nullptr, fmt("no %s buffer starts at address 0x%x (page %u requested)", kind, base, page_id));
    if (page_id >= b->num_pages)
        fault(nullptr, fmt("page %u is outside the %s buffer at 0x%x (%u pages of %u bytes)", page_id, kind, base,
                           b->num_pages, b->page_size));
    if (page_size != b->aligned_page_size && page_size != b->page_size)
        fault(nullptr, fmt("the address generator's page size (%u bytes) does not match the page size of the %s "
                           "buffer at 0x%x (%u bytes)", page_size, kind, base, b->page_size));
    if (offset >= b->aligned_page_size)
        fault(nullptr, fmt("offset %u is outside page %u of the %s buffer at 0x%x (%u-byte pages)", offset, page_id,
                           kind, base, b->page_size));
    const ArchSpec& a = d.arch();
    if (is_dram) {
        const uint32_t bank = page_id % a.num_dram_banks;
        return noc_encode(a.dram_x, bank, uint64_t(base) + uint64_t(page_id / a.num_dram_banks) * b->aligned_page_size + offset);
    }
    const uint32_t banks = d.num_cores(), bank = page_id % banks;
    return noc_encode(bank % a.grid_x + a.worker_x0, bank / a.grid_x + a.worker_y0,
                      uint64_t(base) + uint64_t(page_id / banks) * b->aligned_page_size + offset);
}

uint32_t my_x() {
    TTEMU_ENTER();
    return t.core->x + t.core->device->arch().worker_x0;
}
uint32_t my_y() {
    TTEMU_ENTER();
    return t.core->y + t.core->device->arch().worker_y0;
}
uint32_t logical_x() {
    TTEMU_ENTER();
    return t.core->x;
}
uint32_t logical_y() {
    TTEMU_ENTER();
    return t.core->y;
}
uint32_t num_dram_banks() {
    TTEMU_ENTER();
    return t.core->device->arch().num_dram_banks;
}
uint32_t num_l1_banks() {
    TTEMU_ENTER();
    return t.core->device->num_cores();
}

uint32_t semaphore_addr(uint32_t id) {
    TTEMU_ENTER();
    if (id >= kNumSemaphores)
        fault(nullptr, fmt("get_semaphore(%u): semaphore ids run from 0 to %u", id, kNumSemaphores - 1));
    return host_addr(t.core->l1 + t.core->device->arch().kernel_config_base + id * kSemaphoreStride);
}

void semaphore_wait(volatile uint32_t* sem, uint32_t val, bool at_least) {
    TTEMU_ENTER();
    local_l1(t, host_addr(const_cast<uint32_t*>(sem)), 4, at_least ? "noc_semaphore_wait_min" : "noc_semaphore_wait");
    block(Wait{at_least ? Wait::SemaphoreMin : Wait::Semaphore, 0, val, sem, t.pc});
    if (t.costs) {
        Device& d = *t.core->device;
        const uint32_t key = timing::word_key(d, *t.core, const_cast<const uint32_t*>(sem));
        record(t, Op::SemWait, timing::kSemWait, 0, key, timing::writes_so_far(d, key), cost(t, &Costs::sem_call));
    }
}

void semaphore_set(volatile uint32_t* sem, uint32_t val) {
    TTEMU_ENTER();
    local_l1(t, host_addr(const_cast<uint32_t*>(sem)), 4, "noc_semaphore_set");
    Device& d = *t.core->device;
    const uint32_t key = timing::word_key(d, *t.core, const_cast<const uint32_t*>(sem));
    const uint32_t seq = timing::counted_write(d, key, [&] { __atomic_store_n(sem, val, __ATOMIC_RELEASE); });
    record(t, Op::SemWrite, timing::kSemSet, 0, key, seq, cost(t, &Costs::sem_call));
    notify_progress();
}

void semaphore_inc(uint64_t noc_addr, uint32_t incr) {
    TTEMU_ENTER();
    // NoC ordering: writes this thread issued earlier land before the increment does.
    land(t.writes);
    Device& d = *t.core->device;
    auto* p = reinterpret_cast<uint32_t*>(d.resolve(noc_addr, 4, "noc_semaphore_inc"));
    remote_write(t, p, timing::kSemInc, [&] { __atomic_fetch_add(p, incr, __ATOMIC_ACQ_REL); });
    notify_progress();
}

void semaphore_set_remote(uint32_t src_l1_addr, uint64_t dst_noc_addr) {
    TTEMU_ENTER();
    const uint8_t* src = local_l1(t, src_l1_addr, 4, "noc_semaphore_set_remote");
    land(t.writes);
    auto* p = reinterpret_cast<uint32_t*>(t.core->device->resolve(dst_noc_addr, 4, "noc_semaphore_set_remote"));
    uint32_t v;
    std::memcpy(&v, src, 4);
    remote_write(t, p, timing::kSemSetRemote, [&] { __atomic_store_n(p, v, __ATOMIC_RELEASE); });
    notify_progress();
}

void semaphore_set_multicast(uint32_t src_l1_addr, uint64_t mcast, uint32_t num_dests, bool include_self) {
    TTEMU_ENTER();
    const char* fn = include_self ? "noc_semaphore_set_multicast_loopback_src" : "noc_semaphore_set_multicast";
    const uint8_t* src = local_l1(t, src_l1_addr, 4, fn);
    land(t.writes);
    uint32_t v;
    std::memcpy(&v, src, 4);
    const uint32_t off = static_cast<uint32_t>(mcast) & (kL1Stride - 1);
    for (Core* c : mcast_targets(t, mcast, num_dests, include_self, fn)) {
        auto* p = reinterpret_cast<uint32_t*>(c->l1 + off);
        remote_write(t, p, timing::kSemSetMcast, [&] { __atomic_store_n(p, v, __ATOMIC_RELEASE); });
    }
    notify_progress();
}

void mailbox_write(uint32_t thread, uint32_t data) {
    TTEMU_ENTER();
    if (thread > 3) fault(nullptr, fmt("ckernel::mailbox_write: thread id %u is not one of the four (0..3)", thread));
    Core::Mailbox& m = t.core->mailboxes[thread == 0 ? 0 : 1];
    if (m.written - __atomic_load_n(&m.read, __ATOMIC_ACQUIRE) >= std::size(m.values))
        fault(nullptr, fmt("ckernel::mailbox_write: %zu words written to thread %u are still unread",
                           std::size(m.values), thread));
    m.values[m.written % std::size(m.values)] = data;
    __atomic_store_n(&m.written, m.written + 1, __ATOMIC_RELEASE);
    notify_progress();
}

uint32_t mailbox_read(uint32_t thread) {
    TTEMU_ENTER();
    if (t.risc == Risc::NCRISC) fault(nullptr, "ckernel::mailbox_read: NCRISC has no mailbox to read");
    Core::Mailbox& m = t.core->mailboxes[t.risc == Risc::BRISC ? 0 : 1];
    if (__atomic_load_n(&m.written, __ATOMIC_ACQUIRE) <= m.read)
        block(Wait{Wait::SemaphoreMin, 0, m.read + 1, &m.written, t.pc});
    const uint32_t v = m.values[m.read % std::size(m.values)];
    __atomic_store_n(&m.read, m.read + 1, __ATOMIC_RELEASE);
    return v;
}

void not_emulated(const char* what) {
    TTEMU_ENTER();
    (void)t;
    fault(nullptr, std::string(what) + " is not emulated");
}

void assert_failed(const char* condition) {
    TTEMU_ENTER();
    (void)t;
    fault(nullptr, std::string("ASSERT(") + condition + ") failed");
}

void print(const char* f, const PrintArg* kinds, const uint64_t* values, size_t n) {
    TTEMU_ENTER();
    std::string out;
    size_t next = 0;
    for (const char* p = f; *p; ++p) {
        if (p[0] == '{' && p[1] == '{') { out += '{'; ++p; continue; }
        if (p[0] == '}' && p[1] == '}') { out += '}'; ++p; continue; }
        if (*p != '{') { out += *p; continue; }
        const char* close = std::strchr(p, '}');
        if (!close) { out += p; break; }
        const std::string spec(p + 1, close);
        p = close;
        if (next >= n) { out += "{?}"; continue; }
        const bool hex = spec.find('x') != std::string::npos;
        char buf[64];
        const uint64_t v = values[next];
        switch (kinds[next++]) {
            case PrintArg::Int: std::snprintf(buf, sizeof buf, hex ? "%" PRIx64 : "%" PRId64, v); break;
            case PrintArg::Uint: std::snprintf(buf, sizeof buf, hex ? "%" PRIx64 : "%" PRIu64, v); break;
            case PrintArg::Bool: std::snprintf(buf, sizeof buf, "%s", v ? "true" : "false"); break;
            case PrintArg::Ptr: std::snprintf(buf, sizeof buf, "0x%" PRIx64, v); break;
            case PrintArg::Float: {
                double d;
                std::memcpy(&d, &v, sizeof d);
                std::snprintf(buf, sizeof buf, "%g", d);
                break;
            }
            case PrintArg::Str: out += reinterpret_cast<const char*>(v); continue;
        }
        if (spec.find('#') != std::string::npos && hex) out += "0x";
        out += buf;
    }
    std::lock_guard lock(g_print_mutex);
    std::fprintf(stdout, "%u:(%u,%u):%s: %s", t.core->device->id(), t.core->x, t.core->y, risc_name(t.risc), out.c_str());
    if (out.empty() || out.back() != '\n') std::fputc('\n', stdout);
    std::fflush(stdout);
}

}  // namespace abi
}  // namespace ttemu
