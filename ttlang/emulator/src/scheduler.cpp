// Runs a workload: every kernel thread of every core as a fiber, cores spread over host worker
// threads. All blocking and waking goes through block() / notify_progress() here, so that a
// timing model can hook the points where threads meet.
//
// Deadlock: a worker with nothing runnable records the progress epoch it checked against; when
// every worker is finished or idle at the current epoch, nothing can change any more.
#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "compute.hpp"
#include "device.hpp"
#include "scheduler.hpp"
#include "timing/model.hpp"
#include "ttemu/progress.h"

namespace ttemu {

namespace {

// Progress of the current run per device (ttemu/progress.h), read by monitors on other threads.
struct ProgressSlot {
    std::atomic<uint64_t> run{0}, host_thread{0}, noc_writes{0};
    std::atomic<uint32_t> cores{0}, cores_done{0};
    std::atomic<bool> running{false};
};
constexpr int kProgressSlots = 64;
ProgressSlot g_progress[kProgressSlots];

struct RunState {
    std::atomic<uint64_t> epoch{0};
    std::atomic<bool> abort{false};
    std::mutex mutex;
    std::string message;
    int num_workers = 1;
    ProgressSlot* progress = nullptr;
    std::vector<std::atomic<int>> status;  // 0 running, 1 idle, 2 finished
    std::vector<std::atomic<uint64_t>> idle_epoch;
    explicit RunState(int n) : num_workers(n), status(n), idle_epoch(n) {}

    void fail(std::string msg) {
        std::lock_guard lock(mutex);
        if (!abort.load()) {
            message = std::move(msg);
            abort.store(true);
        }
    }
};

thread_local RunState* g_run = nullptr;

// What a polling wait of this kind watches on its core besides the NoC: CB pushes and pops for a
// CB poll, any run of the core's threads for an L1 poll.
uint64_t core_epoch(Wait::Kind kind, const Core& core) {
    return kind == Wait::L1Poll ? core.resumes : core.cb_epoch;
}

bool satisfied(const Wait& w, const Core& core) {
    switch (w.kind) {
        case Wait::None: return true;
        case Wait::CbReserve: return core.cbs[w.cb].free_pages() >= w.wanted;
        case Wait::CbWait: return core.cbs[w.cb].available() >= w.wanted;
        case Wait::Semaphore: return __atomic_load_n(w.sem, __ATOMIC_ACQUIRE) == w.wanted;
        case Wait::SemaphoreMin: return __atomic_load_n(w.sem, __ATOMIC_ACQUIRE) >= w.wanted;
        case Wait::Progress:
        case Wait::L1Poll:
            return core_epoch(w.kind, core) != w.core_epoch ||
                   (g_run && g_run->epoch.load(std::memory_order_acquire) != w.epoch);
    }
    return true;
}

void thread_main(void* arg) {
    auto* t = static_cast<Thread*>(arg);
    try {
        t->kernel->entry();
        finish_thread(*t);
    } catch (const Fault& f) {
        g_run->fail(f.message);
    } catch (const std::exception& e) {
        g_run->fail(describe(*t) + ": " + e.what());
    }
    t->done = true;
}

std::string explain_wait(const Thread& t) {
    const Wait& w = t.wait;
    const Core& c = *t.core;
    char buf[256];
    switch (w.kind) {
        case Wait::CbReserve: {
            const CircularBuffer& cb = c.cbs[w.cb];
            std::snprintf(buf, sizeof buf,
                          "cb_reserve_back(c_%u, %u): %u of %u pages free (%u pushed and not popped)", w.cb,
                          w.wanted, cb.free_pages(), cb.num_pages, cb.available());
            break;
        }
        case Wait::CbWait: {
            const CircularBuffer& cb = c.cbs[w.cb];
            std::snprintf(buf, sizeof buf, "cb_wait_front(c_%u, %u): %u of %u pages available", w.cb, w.wanted,
                          cb.available(), w.wanted);
            break;
        }
        case Wait::Semaphore:
        case Wait::SemaphoreMin:
            std::snprintf(buf, sizeof buf, "%s(L1 0x%x, %u): value is %u",
                          w.kind == Wait::Semaphore ? "noc_semaphore_wait" : "noc_semaphore_wait_min",
                          c.l1_addr(const_cast<const uint32_t*>(w.sem)), w.wanted, *w.sem);
            break;
        case Wait::Progress:
            std::snprintf(buf, sizeof buf, "%s(c_%u, %u) in a polling loop", w.what ? w.what : "polling", w.cb, w.wanted);
            break;
        case Wait::L1Poll:
            std::snprintf(buf, sizeof buf, "a loop polling L1 (invalidate_l1_cache): nothing is left to write it");
            break;
        default: std::snprintf(buf, sizeof buf, "not blocked"); break;
    }
    std::string s = buf;
    if (std::string line = source_line(w.pc); !line.empty()) s += " at " + line;
    return s;
}

std::string deadlock_report(const std::vector<Thread*>& threads) {
    std::ostringstream os;
    os << "deadlock: every kernel thread is blocked and none can proceed\n";
    for (const Thread* t : threads)
        if (!t->done) os << "  " << describe(*t) << " blocked in " << explain_wait(*t) << "\n";
    std::string s = os.str();
    if (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
}

void worker_loop(RunState& rs, int wid, const std::vector<Thread*>& mine, const std::vector<Thread*>& all) {
    g_run = &rs;
    install_fault_handlers();
    int idle_spins = 0;
    while (!rs.abort.load(std::memory_order_relaxed)) {
        bool ran = false, all_done = true;
        auto aborted = [&] { return rs.abort.load(std::memory_order_relaxed); };
        // Resumes t if it can run; true if it did.
        auto step = [&](Thread* t, bool count_stall) {
            if (t->done) return false;
            all_done = false;
            if (t->blocked && !satisfied(t->wait, *t->core)) {
                if (count_stall) ++t->counters.blocked_polls;
                return false;
            }
            const uint64_t writes = t->counters.noc_writes;
            set_current_thread(t);
            ++t->core->resumes;
            t->fiber->resume();
            set_current_thread(nullptr);
            ran = true;
            if (t->counters.noc_writes != writes)
                rs.progress->noc_writes.fetch_add(t->counters.noc_writes - writes, std::memory_order_relaxed);
            if (t->done) {
                notify_progress();
                // A core's threads all run on this worker: the last one to finish counts it.
                const Core& c = *t->core;
                if (std::all_of(std::begin(c.threads), std::end(c.threads),
                                [](const Thread& u) { return !u.kernel || u.done; }))
                    rs.progress->cores_done.fetch_add(1, std::memory_order_relaxed);
            }
            return true;
        };
        // A core at a time (its threads are adjacent in `mine`): its threads run in turn until none
        // of them can, or for kRoundsPerVisit rounds, before the next core's. Tiles pushed into a
        // CB are then popped while the caches still hold them and the core's state stays hot (one
        // round per visit sent every other core's traffic through the caches in between).
        constexpr int kRoundsPerVisit = 16;
        for (size_t first = 0, end; first < mine.size() && !aborted(); first = end) {
            for (end = first + 1; end < mine.size() && mine[end]->core == mine[first]->core;) ++end;
            for (int round = 0; round < kRoundsPerVisit; ++round) {
                bool ran_here = false;
                for (size_t i = first; i < end && !aborted(); ++i) ran_here |= step(mine[i], round == 0);
                if (!ran_here) break;
            }
        }
        if (all_done) {
            rs.status[wid].store(2);
            rs.epoch.fetch_add(1);
            return;
        }
        if (ran) {
            idle_spins = 0;
            continue;
        }
        // Nothing runnable here: idle at the epoch our checks saw, and look for global deadlock.
        const uint64_t e = rs.epoch.load();
        bool runnable = false;
        for (Thread* t : mine)
            if (!t->done && (!t->blocked || satisfied(t->wait, *t->core))) runnable = true;
        if (runnable) continue;
        rs.idle_epoch[wid].store(e);
        rs.status[wid].store(1);
        bool stuck = true;
        for (int w = 0; w < rs.num_workers && stuck; ++w) {
            int s = rs.status[w].load();
            stuck = s == 2 || (s == 1 && rs.idle_epoch[w].load() == e);
        }
        if (stuck && rs.epoch.load() == e) {
            rs.fail(deadlock_report(all));
            return;
        }
        while (rs.epoch.load() == e && !rs.abort.load()) {
            if (++idle_spins > 64) std::this_thread::sleep_for(std::chrono::microseconds(20));
            else std::this_thread::yield();
            // Re-run the global check: another worker may have gone idle at this epoch since.
            bool all_stuck = true;
            for (int w = 0; w < rs.num_workers && all_stuck; ++w) {
                int s = rs.status[w].load();
                all_stuck = s == 2 || (s == 1 && rs.idle_epoch[w].load() == e);
            }
            if (all_stuck && rs.epoch.load() == e) {
                rs.fail(deadlock_report(all));
                return;
            }
        }
        rs.status[wid].store(0);
    }
}

size_t stack_size() {
    if (const char* v = std::getenv("TTEMU_STACK_KB")) return size_t(std::atoi(v)) * 1024;
    return 256 * 1024;
}

}  // namespace

RunProgress run_progress(int device_id) {
    const ProgressSlot& p = g_progress[static_cast<unsigned>(device_id) % kProgressSlots];
    RunProgress out;
    out.run = p.run.load();
    out.host_thread = p.host_thread.load();
    out.cores = p.cores.load();
    out.cores_done = p.cores_done.load();
    out.noc_writes = p.noc_writes.load();
    out.running = p.running.load();
    return out;
}

int default_workers(size_t active_cores) {
    if (const char* v = std::getenv("TTEMU_THREADS"); v && *v) return std::max(1, std::atoi(v));
    unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    return static_cast<int>(std::min<size_t>(hw, std::max<size_t>(1, active_cores)));
}

void block(const Wait& w) {
    Thread* t = current_thread();
    if (satisfied(w, *t->core)) return;
    t->wait = w;
    t->blocked = true;
    do {
        t->fiber->yield();
    } while (!satisfied(t->wait, *t->core));
    t->blocked = false;
    t->wait.kind = Wait::None;
}

// A polling wait (Progress or L1Poll) from now: until a NoC write lands or the core changes.
static Wait polling(Wait::Kind kind) {
    Thread* t = current_thread();
    Wait w;
    w.kind = kind;
    w.pc = t->pc;
    w.epoch = g_run ? g_run->epoch.load(std::memory_order_acquire) : 0;
    w.core_epoch = core_epoch(kind, *t->core);
    return w;
}

void poll_wait(const char* what, uint32_t cb, uint32_t wanted) {
    Wait w = polling(Wait::Progress);
    w.what = what;
    w.cb = cb;
    w.wanted = wanted;
    block(w);
}

// A loop polling L1 waits until a NoC write lands anywhere, or another thread of its core has run
// (it may have stored to L1 with a plain pointer). When neither can happen any more, it is part of
// a deadlock like any other wait.
void poll_l1_wait() { block(polling(Wait::L1Poll)); }

void notify_progress() {
    if (g_run) g_run->epoch.fetch_add(1, std::memory_order_seq_cst);
}

// No shared epoch here: every worker bumping one counter per push and pop made them fight over its
// cache line. Deadlock detection does not need it either: a worker goes idle only after finding
// none of its own threads runnable, and CB state never wakes a thread on another worker.
void notify_cb_progress(Core& c) { ++c.cb_epoch; }

void run_threads(Device& device, const std::vector<Thread*>& threads) {
    if (threads.empty()) return;
    // Group threads by core and cores by worker (all threads of a core share a worker: their CB
    // traffic then needs no synchronisation).
    std::vector<Core*> cores;
    for (Thread* t : threads)
        if (std::find(cores.begin(), cores.end(), t->core) == cores.end()) cores.push_back(t->core);
    const int nw = default_workers(cores.size());
    RunState rs(nw);
    ProgressSlot& progress = g_progress[static_cast<unsigned>(device.id()) % kProgressSlots];
    progress.running.store(false);
    progress.cores.store(static_cast<uint32_t>(cores.size()));
    progress.cores_done.store(0);
    progress.noc_writes.store(0);
    progress.host_thread.store(static_cast<uint64_t>(gettid()));
    const uint64_t run = progress.run.fetch_add(1) + 1;
    progress.running.store(true);
    timing::begin_run(device);
    rs.progress = &progress;
    std::vector<std::vector<Thread*>> per_worker(nw);
    for (size_t i = 0; i < cores.size(); ++i) cores[i]->worker = static_cast<int>(i % nw);
    const size_t ss = stack_size();
    for (Thread* t : threads) {
        t->fiber = std::make_unique<Fiber>(&thread_main, t, ss);
        per_worker[t->core->worker].push_back(t);
    }
    // The threads of a core next to each other (worker_loop visits a core at a time), cores in
    // launch order, a core's threads in kernel order.
    for (auto& list : per_worker)
        std::stable_sort(list.begin(), list.end(), [&](const Thread* a, const Thread* b) {
            return std::find(cores.begin(), cores.end(), a->core) < std::find(cores.begin(), cores.end(), b->core);
        });
    std::vector<std::thread> pool;
    for (int w = 1; w < nw; ++w) pool.emplace_back(worker_loop, std::ref(rs), w, std::cref(per_worker[w]), std::cref(threads));
    worker_loop(rs, 0, per_worker[0], threads);
    for (auto& th : pool) th.join();
    progress.running.store(false);
    g_run = nullptr;
    for (Thread* t : threads) t->fiber.reset();
    if (rs.abort.load()) throw Fault(rs.message);
    timing::end_run(device, threads, run);
}

}  // namespace ttemu
