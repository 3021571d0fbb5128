// The timing model: a discrete-event simulation over the event logs of one run.
//
// Every data movement thread is a stream with one clock; a compute thread is a stream with three
// (unpack, math, pack), so that the next unpack overlaps the current math and, with two DST
// sections, math overlaps pack. Each event advances its clock by the call's own cost (`work`) and,
// where the call waits on another thread, to the cycle that thread made the wait end (`advance`):
//   cb_wait_front     no earlier than the cb_push_back that pushed the pages it waits for;
//   cb_reserve_back   no earlier than the cb_pop_front that freed the space;
//   semaphore wait    no earlier than every write up to the one that satisfied it in the
//                     functional run (their arrival over the NoC included);
//   read barrier      no earlier than the last read's data arrives; write barrier: its last ack;
//   tile_regs_acquire no earlier than the packer released the section; tile_regs_wait no
//                     earlier than math committed it; math no earlier than its operands are
//                     unpacked; an unpack no earlier than math freed its source registers.
// The stream with the earliest clock runs first (ties by stream order), so NoC and DRAM requests
// reach network.cpp in virtual-time order: whoever asks first is served first. A stream whose
// wait is not satisfied yet (its producer has not played that far) parks until it is; the
// functional run has already shown that it will be.
#include "timing/replay.hpp"

#include <algorithm>
#include <cstring>
#include <queue>
#include <unordered_map>
#include <string>

namespace ttemu::timing {

namespace {

constexpr uint64_t kNever = ~0ull;

struct CbState {
    uint32_t pages = 0;
    uint64_t pushed = 0, popped = 0;
    std::vector<uint64_t> ready, freed;  // per page (cumulative index mod pages): pushed at, popped at
    std::vector<int> waiters;
    uint32_t core = 0, index = 0;
    int producer = -1, consumer = -1;  // the pipelines pushing and popping (Profile::pipes)
};

// Writes to a semaphore word, by their sequence number in the functional run.
struct WordState {
    std::vector<uint64_t> arrival;     // per write: the cycle it landed (kNever: not played yet)
    std::vector<uint64_t> prefix_max;  // latest arrival among writes 1..k, for k <= known
    uint32_t known = 0;                // writes 1..known have all been played
    std::vector<int> waiters;
};

// Completion times of a NoC interface's outstanding transactions (a small min-heap).
struct Outstanding {
    std::vector<uint64_t> heap;
    uint64_t latest = 0;  // latest completion since the last barrier
    void drop_until(uint64_t t) {
        while (!heap.empty() && heap.front() <= t) {
            std::pop_heap(heap.begin(), heap.end(), std::greater<>());
            heap.pop_back();
        }
    }
    uint64_t earliest() const { return heap.front(); }
    void pop() {
        std::pop_heap(heap.begin(), heap.end(), std::greater<>());
        heap.pop_back();
    }
    void push(uint64_t done) {
        heap.push_back(done);
        std::push_heap(heap.begin(), heap.end(), std::greater<>());
        latest = std::max(latest, done);
    }
    void clear() {
        heap.clear();
        latest = 0;
    }
};

// Per pipeline: cycles by call site, found by pc and name in a small open-addressing table.
struct SiteTable {
    std::vector<int32_t> slots;
    SiteCycles& get(PipeProfile& p, const void* pc, uint8_t name) {
        if (slots.empty()) slots.assign(64, -1);
        size_t mask = slots.size() - 1;
        size_t h = ((reinterpret_cast<uintptr_t>(pc) >> 1) * 0x9E3779B97F4A7C15ull + name) >> 20;
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            const int32_t s = slots[i];
            if (s < 0) {
                if (p.sites.size() * 2 >= slots.size()) {
                    grow(p);
                    return get(p, pc, name);
                }
                slots[i] = static_cast<int32_t>(p.sites.size());
                p.sites.push_back({pc, name});
                return p.sites.back();
            }
            if (p.sites[s].pc == pc && p.sites[s].name == name) return p.sites[s];
        }
    }
    void grow(PipeProfile& p) {
        slots.assign(slots.size() * 2, -1);
        const size_t mask = slots.size() - 1;
        for (size_t k = 0; k < p.sites.size(); ++k) {
            size_t h = ((reinterpret_cast<uintptr_t>(p.sites[k].pc) >> 1) * 0x9E3779B97F4A7C15ull + p.sites[k].name) >> 20;
            size_t i = h & mask;
            while (slots[i] >= 0) i = (i + 1) & mask;
            slots[i] = static_cast<int32_t>(k);
        }
    }
};

struct Stream {
    const Event* ev = nullptr;
    const Event* end = nullptr;
    StreamInput in;
    uint64_t clk[3] = {0, 0, 0};
    int pipe[3] = {-1, -1, -1};  // index into Profile::pipes
    bool in_heap = false, done = false;
    Outstanding reads, writes;
    uint64_t writes_sent = 0, last_arrival = 0;
    // Compute: DST sections and source registers.
    int halves = 2, next_acquire = 0, math_half = 0, pack_half = 0;
    uint64_t released[2] = {0, 0}, committed[2] = {0, 0};
    int queue[2] = {0, 0}, queued = 0;
    bool legacy = false;
    uint64_t src_free[2] = {0, 0};
    int src_bank = 0;
    uint64_t key() const { return in.compute ? std::min({clk[0], clk[1], clk[2]}) : clk[0]; }
};

class Replay {
public:
    explicit Replay(const ReplayInput& in) : in_(in), c_(*in.costs), net_(*in.costs, in.grid_x, in.grid_y) {}

    Profile run();

private:
    bool step(int id);
    void park_cb(CbState& cb, int id) {
        if (std::find(cb.waiters.begin(), cb.waiters.end(), id) == cb.waiters.end()) cb.waiters.push_back(id);
    }
    void wake(std::vector<int>& waiters) {
        for (int w : waiters) push(w);
        waiters.clear();
    }
    void push(int id) {
        Stream& s = streams_[id];
        if (s.in_heap || s.done) return;
        s.in_heap = true;
        heap_.push({s.key(), id});
    }
    CbState& cb(const Stream& s, uint32_t index);
    WordState& word(uint32_t key) { return words_[key]; }
    // Moves pipeline `p` of stream `s` to cycle `t` if later, the wait counted against `r`.
    void advance(Stream& s, int p, uint64_t t, Reason r, uint32_t id, const Event& e);
    // Pipeline `p` of stream `s` works `cycles` for event `e`.
    void work(Stream& s, int p, uint64_t cycles, const Event& e);
    void span(PipeProfile& pp, uint64_t a, uint64_t b, const Event& e, bool stall);

    const ReplayInput& in_;
    const Costs& c_;
    Network net_;
    Profile prof_;
    std::vector<Stream> streams_;
    std::vector<SiteTable> sites_;
    std::vector<std::array<int32_t, 64>> cb_index_;  // per core: index into cbs_, -1 none yet
    std::vector<CbState> cbs_;
    std::unordered_map<uint32_t, WordState> words_;
    using Item = std::pair<uint64_t, int>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> heap_;
};

CbState& Replay::cb(const Stream& s, uint32_t index) {
    int32_t& slot = cb_index_[s.in.core][index & 63];
    if (slot < 0) {
        slot = static_cast<int32_t>(cbs_.size());
        CbState st;
        st.core = s.in.core;
        st.index = index & 63;
        st.pages = std::max(1u, in_.cb_pages[s.in.core][index & 63]);
        st.ready.assign(st.pages, 0);
        st.freed.assign(st.pages, 0);
        cbs_.push_back(std::move(st));
    }
    return cbs_[slot];
}

void Replay::span(PipeProfile& pp, uint64_t a, uint64_t b, const Event& e, bool stall) {
    if (!in_.spans_per_pipe || a == b) return;
    if (!pp.spans.empty()) {
        Span& last = pp.spans.back();
        if (last.end == a && last.pc == e.pc && last.name == e.name && last.stall == stall) {
            last.end = b;
            return;
        }
    }
    if (pp.spans.size() >= in_.spans_per_pipe) {
        pp.spans_truncated = true;
        return;
    }
    pp.spans.push_back({a, b, e.pc, e.name, stall});
}

void Replay::advance(Stream& s, int p, uint64_t t, Reason r, uint32_t id, const Event& e) {
    uint64_t& clk = s.clk[p];
    if (t <= clk) return;
    PipeProfile& pp = prof_.pipes[s.pipe[p]];
    pp.add_stall(r, id, t - clk);
    sites_[s.pipe[p]].get(pp, e.pc, e.name).stall += t - clk;
    span(pp, clk, t, e, true);
    clk = t;
}

void Replay::work(Stream& s, int p, uint64_t cycles, const Event& e) {
    PipeProfile& pp = prof_.pipes[s.pipe[p]];
    SiteCycles& site = sites_[s.pipe[p]].get(pp, e.pc, e.name);
    ++site.calls;
    if (!cycles) return;
    site.busy += cycles;
    pp.busy += cycles;
    span(pp, s.clk[p], s.clk[p] + cycles, e, false);
    s.clk[p] += cycles;
}

// Plays the next event of stream `id`; false if it must wait for another stream (parked).
bool Replay::step(int id) {
    Stream& s = streams_[id];
    const Event& e = *s.ev;
    const bool compute = s.in.compute;
    // The pipeline an event runs on: data movement streams have one.
    auto pipe_of = [&](int p) { return compute ? p : 0; };
    switch (e.op) {
        case Op::Busy: work(s, pipe_of(e.x < 3 ? e.x : 0), e.cycles, e); break;
        case Op::CbReserve: {
            CbState& q = cb(s, e.x);
            const int p = pipe_of(kPack);
            if (q.pushed + e.a > q.popped + q.pages) {
                park_cb(q, id);
                return false;
            }
            const int64_t need = int64_t(q.pushed + e.a) - int64_t(q.pages) - 1;
            if (need >= 0) advance(s, p, q.freed[need % q.pages], Reason::CbReserve, e.x, e);
            work(s, p, e.cycles, e);
            break;
        }
        case Op::CbPush: {
            CbState& q = cb(s, e.x);
            const int p = pipe_of(kPack);
            work(s, p, e.cycles, e);
            for (uint32_t i = 0; i < e.a; ++i) q.ready[(q.pushed + i) % q.pages] = s.clk[p];
            q.pushed += e.a;
            q.producer = s.pipe[p];
            wake(q.waiters);
            break;
        }
        case Op::CbWait: {
            CbState& q = cb(s, e.x);
            const int p = pipe_of(kUnpack);
            if (q.pushed < q.popped + e.a) {
                park_cb(q, id);
                return false;
            }
            advance(s, p, q.ready[(q.popped + e.a - 1) % q.pages], Reason::CbWait, e.x, e);
            work(s, p, e.cycles, e);
            break;
        }
        case Op::CbPop: {
            CbState& q = cb(s, e.x);
            const int p = pipe_of(kUnpack);
            work(s, p, e.cycles, e);
            for (uint32_t i = 0; i < e.a; ++i) q.freed[(q.popped + i) % q.pages] = s.clk[p];
            q.popped += e.a;
            q.consumer = s.pipe[p];
            wake(q.waiters);
            break;
        }
        case Op::NocRead:
        case Op::NocWrite:
        case Op::NocMcast: {
            const bool read = e.op == Op::NocRead;
            Outstanding& o = read ? s.reads : s.writes;
            o.drop_until(s.clk[0]);
            if (o.heap.size() >= (read ? c_.max_reads : c_.max_writes)) {
                advance(s, 0, o.earliest(), Reason::NocQueue, 0, e);
                o.pop();
            }
            work(s, 0, e.cycles, e);
            const uint64_t t = s.clk[0];
            if (read) {
                o.push(net_.read(s.in.noc, e.b, s.in.core, e.a, t));
                prof_.noc_bytes += e.a;
                if (e.b & kDramEndpoint) prof_.dram_read_bytes += e.a;
            } else {
                uint64_t sent = t, ack;
                if (e.op == Op::NocWrite) {
                    ack = net_.write(s.in.noc, s.in.core, e.b, e.a, t, &sent);
                    if (e.b & kDramEndpoint) prof_.dram_write_bytes += e.a;
                    prof_.noc_bytes += e.a;
                } else {
                    const uint32_t x0 = e.b & 255, y0 = e.b >> 8 & 255, x1 = e.b >> 16 & 255, y1 = e.b >> 24;
                    ack = net_.multicast(s.in.noc, s.in.core, x0, y0, x1, y1, e.a, t, &sent);
                    prof_.noc_bytes += uint64_t(e.a) * (std::max(x0, x1) - std::min(x0, x1) + 1) *
                                       (std::max(y0, y1) - std::min(y0, y1) + 1);
                }
                o.push(ack);
                s.writes_sent = std::max(s.writes_sent, sent);
                // Data lands before a later write on the same NoC (semaphores after data).
                s.last_arrival = std::max(s.last_arrival, ack - 2 * c_.niu_cycles);
            }
            break;
        }
        case Op::ReadBarrier:
            advance(s, 0, s.reads.latest, Reason::ReadBarrier, 0, e);
            s.reads.clear();
            work(s, 0, e.cycles, e);
            break;
        case Op::WriteBarrier:
            advance(s, 0, s.writes.latest, Reason::WriteBarrier, 0, e);
            s.writes.clear();
            work(s, 0, e.cycles, e);
            break;
        case Op::WritesSent:
            advance(s, 0, s.writes_sent, Reason::WriteBarrier, 0, e);
            work(s, 0, e.cycles, e);
            break;
        case Op::SemWait: {
            const int p = pipe_of(kUnpack);
            if (e.b) {
                WordState& w = word(e.a);
                if (w.known < e.b) {
                    w.waiters.push_back(id);
                    return false;
                }
                advance(s, p, w.prefix_max[e.b - 1], Reason::Semaphore, e.a & ((1u << 21) - 1), e);
            }
            work(s, p, e.cycles, e);
            break;
        }
        case Op::SemWrite: {
            const int p = pipe_of(kUnpack);
            work(s, p, e.cycles, e);
            uint64_t arrival = s.clk[p];
            if (e.x) arrival = std::max(net_.signal(s.in.noc, s.in.core, e.a >> 21, arrival), s.last_arrival);
            WordState& w = word(e.a);
            if (w.arrival.size() < e.b) w.arrival.resize(e.b, kNever);
            w.arrival[e.b - 1] = arrival;
            while (w.known < w.arrival.size() && w.arrival[w.known] != kNever) {
                const uint64_t prev = w.known ? w.prefix_max[w.known - 1] : 0;
                w.prefix_max.push_back(std::max(prev, w.arrival[w.known]));
                ++w.known;
            }
            wake(w.waiters);
            break;
        }
        case Op::Acquire: {
            const int h = s.next_acquire;
            advance(s, kMath, s.released[h], Reason::DstFree, 0, e);
            work(s, kMath, e.cycles, e);
            s.math_half = h;
            s.next_acquire = (h + 1) % s.halves;
            s.legacy = e.x != 0;  // acquire_dst: math and pack share the section
            if (s.legacy) s.pack_half = h;
            break;
        }
        case Op::Commit:
            work(s, kMath, e.cycles, e);
            s.committed[s.math_half] = s.clk[kMath];
            if (s.queued < 2) s.queue[s.queued++] = s.math_half;
            break;
        case Op::RegsWait: {
            int h = s.math_half;
            if (s.queued) {
                h = s.queue[0];
                s.queue[0] = s.queue[1];
                --s.queued;
            }
            s.pack_half = h;
            advance(s, kPack, s.committed[h], Reason::DstReady, 0, e);
            work(s, kPack, e.cycles, e);
            break;
        }
        case Op::Release:
            if (s.legacy) {  // release_dst: the packer waited for math to finish the section
                advance(s, kPack, s.clk[kMath], Reason::DstReady, 0, e);
                s.legacy = false;
            }
            work(s, kPack, e.cycles, e);
            s.released[s.pack_half] = s.clk[kPack];
            break;
        case Op::Compute: {
            int bank = -1;
            if (e.a) {
                bank = s.src_bank;
                s.src_bank ^= 1;
                advance(s, kUnpack, s.src_free[bank], Reason::SrcFree, 0, e);
                work(s, kUnpack, e.a, e);
                advance(s, kMath, s.clk[kUnpack], Reason::Operands, 0, e);
            }
            work(s, kMath, uint64_t(e.b) + e.cycles, e);
            if (bank >= 0) s.src_free[bank] = s.clk[kMath];
            break;
        }
        case Op::Pack:
            if (s.legacy) advance(s, kPack, s.clk[kMath], Reason::DstReady, 0, e);
            work(s, kPack, e.cycles, e);
            break;
        case Op::Init:
            work(s, pipe_of(kUnpack), e.a, e);
            if (compute) {
                work(s, kMath, e.b, e);
                work(s, kPack, e.cycles, e);
            }
            break;
    }
    ++s.ev;
    return true;
}

Profile Replay::run() {
    prof_.arch = c_.arch;
    prof_.clock_ghz = c_.clock_ghz;
    prof_.grid_x = in_.grid_x;
    prof_.grid_y = in_.grid_y;
    prof_.launch_cycles = c_.launch_cycles;
    cb_index_.resize(in_.cb_pages.size());
    for (auto& a : cb_index_) a.fill(-1);
    streams_.resize(in_.streams.size());
    for (size_t i = 0; i < in_.streams.size(); ++i) {
        Stream& s = streams_[i];
        s.in = in_.streams[i];
        s.ev = s.in.log->data();
        s.end = s.ev + s.in.log->size();
        s.halves = s.in.full_sync ? 1 : 2;
        const int n = s.in.compute ? 3 : 1;
        for (int p = 0; p < n; ++p) {
            PipeProfile pp;
            pp.core = s.in.core;
            pp.track = s.in.compute ? Track(int(Track::Unpack) + p) : s.in.track;
            s.pipe[p] = static_cast<int>(prof_.pipes.size());
            prof_.pipes.push_back(std::move(pp));
        }
    }
    sites_.resize(prof_.pipes.size());
    for (size_t i = 0; i < streams_.size(); ++i) push(static_cast<int>(i));
    while (!heap_.empty()) {
        const int id = heap_.top().second;
        heap_.pop();
        Stream& s = streams_[id];
        s.in_heap = false;
        for (;;) {
            if (s.ev == s.end) {
                s.done = true;
                break;
            }
            if (!step(id)) break;
            // Data movement yields to any stream that is behind it: their NoC requests come first.
            if (!s.in.compute && !heap_.empty() && s.key() > heap_.top().first) {
                push(id);
                break;
            }
        }
    }
    uint64_t end = 0;
    for (Stream& s : streams_) {
        if (!s.done && prof_.error.empty())
            prof_.error = "the timing model could not replay a thread of core " + std::to_string(s.in.core) +
                          " past event " + std::to_string(s.ev - s.in.log->data()) + " (it waits on something no "
                          "other thread provides in the model)";
        const int n = s.in.compute ? 3 : 1;
        for (int p = 0; p < n; ++p) {
            PipeProfile& pp = prof_.pipes[s.pipe[p]];
            pp.end = s.clk[p];
            end = std::max(end, pp.end);
        }
    }
    prof_.kernel_cycles = end;
    for (const CbState& q : cbs_) prof_.cbs.push_back({q.core, q.index, q.producer, q.consumer});
    prof_.banks = net_.banks();
    prof_.busiest_link = net_.busiest_link();
    return std::move(prof_);
}

}  // namespace

Profile replay(const ReplayInput& in) { return Replay(in).run(); }

}  // namespace ttemu::timing
