// The timing model's place in a run: logs are armed when a program is configured and kept when
// its threads have finished; the replay that turns them into a profile runs when the profile is
// first asked for (ttemu/profile.h), so a run whose profile nobody reads pays only for its logs.
// The most recent runs are kept; TTEMU_PROFILE replays and writes out each one as it ends.
#include "timing/model.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>

#include "compute.hpp"
#include "timing/replay.hpp"
#include "ttemu/profile.h"

namespace ttemu {

namespace timing {

namespace {

constexpr size_t kKeptProfiles = 16;
// Logs not yet replayed are kept for the most recent runs only, up to this many events in all
// (24 bytes each): a profile is computed when it is first asked for.
constexpr size_t kKeptEvents = size_t(1) << 24;

// A run's logs and what the replay needs besides, until its profile is first asked for.
struct Pending {
    ReplayInput in;
    std::vector<Log> logs;
    uint64_t matmul[5] = {}, eltwise = 0, sfpu = 0, reduce = 0;
    size_t events = 0;
};

struct Kept {
    int device;
    uint64_t run;
    std::shared_ptr<Pending> pending;  // until replayed
    std::shared_ptr<const Profile> profile;
    std::shared_ptr<std::once_flag> once = std::make_shared<std::once_flag>();
};

std::mutex g_mutex;
std::deque<Kept> g_kept;  // most recent last
size_t g_spans = [] {
    const char* v = std::getenv("TTEMU_TRACE_SPANS");
    return v && *v ? size_t(std::strtoull(v, nullptr, 10)) : size_t(2048);
}();

std::shared_ptr<const Profile> replay_pending(const Pending& w, uint64_t run) {
    auto p = std::make_shared<Profile>(replay(w.in));
    p->run = run;
    std::memcpy(p->matmul_tiles, w.matmul, sizeof w.matmul);
    p->eltwise_tiles = w.eltwise;
    p->sfpu_tiles = w.sfpu;
    p->reduce_tiles = w.reduce;
    for (uint8_t f = 0; f < 5; ++f) p->matmul_cycles_per_tile[f] = w.in.costs->matmul_per_phase * phases(f);
    p->dram_peak_bytes_per_cycle = w.in.costs->dram_bytes_per_cycle * w.in.costs->dram_banks;
    return p;
}

// The profile of `run` (0: the last) on `device`, replaying its logs on first use.
std::shared_ptr<const Profile> find(int device, uint64_t run) {
    Kept k;
    {
        std::lock_guard lock(g_mutex);
        auto it = g_kept.rbegin();
        for (; it != g_kept.rend(); ++it)
            if (it->device == device && (run == 0 || it->run == run) && (it->profile || it->pending)) break;
        if (it == g_kept.rend()) return nullptr;
        k = *it;
    }
    if (k.profile) return k.profile;
    std::shared_ptr<const Profile> p;
    std::call_once(*k.once, [&] { p = replay_pending(*k.pending, k.run); });
    std::lock_guard lock(g_mutex);
    for (Kept& e : g_kept)
        if (e.device == device && e.run == k.run) {
            if (p) {
                e.profile = p;
                e.pending.reset();
            }
            return e.profile;
        }
    return p;
}

std::map<const void*, std::string> g_lines;  // call site -> file:line, under g_mutex

}  // namespace

bool enabled() {
    static const bool on = [] {
        const char* v = std::getenv("TTEMU_TIMING");
        return !(v && (std::strcmp(v, "0") == 0 || std::strcmp(v, "off") == 0));
    }();
    return on;
}

void arm(Device& d, Thread& t, uint8_t noc) {
    t.costs = enabled() ? &costs_for(d.arch().name.c_str()) : nullptr;
    t.log.clear();
    t.pending = 0;
    t.noc = noc;
}

void begin_run(Device& d) {
    std::lock_guard lock(d.sem_mutex);
    d.sem_writes.clear();
}

void end_run(Device& d, const std::vector<Thread*>& threads, uint64_t run) {
    if (threads.empty() || !threads.front()->costs) return;
    const ArchSpec& a = d.arch();
    auto w = std::make_shared<Pending>();
    ReplayInput& in = w->in;
    in.costs = threads.front()->costs;
    in.grid_x = a.grid_x;
    in.grid_y = a.grid_y;
    const char* dir = std::getenv("TTEMU_PROFILE");
    const bool write = dir && *dir;
    in.spans_per_pipe = write ? std::max<size_t>(g_spans, 1u << 16) : g_spans;
    in.cb_pages.assign(size_t(a.grid_x) * a.grid_y, {});
    w->logs.resize(threads.size());
    for (size_t i = 0; i < threads.size(); ++i) {
        Thread* t = threads[i];
        const uint32_t core = t->core->y * a.grid_x + t->core->x;
        for (uint32_t c = 0; c < 64; ++c)
            in.cb_pages[core][c] = t->core->cbs[c].configured ? t->core->cbs[c].num_pages : 0;
        w->logs[i].swap(t->log);  // the run's log moves to the pending replay
        w->events += w->logs[i].size();
        StreamInput s;
        s.log = &w->logs[i];
        s.core = core;
        s.compute = t->compute != nullptr;
        s.track = t->risc == Risc::NCRISC ? Track::Reader : Track::Writer;
        s.noc = t->noc;
        s.full_sync = s.compute && t->compute->full_sync;
        in.streams.push_back(s);
        if (s.compute) w->matmul[std::min<uint8_t>(t->compute->fidelity, 4)] += t->counters.matmul_tiles;
        w->eltwise += t->counters.eltwise_tiles;
        w->sfpu += t->counters.sfpu_tiles;
        w->reduce += t->counters.reduce_tiles;
    }
    {
        std::lock_guard lock(g_mutex);
        g_kept.push_back({d.id(), run, w, nullptr});
        while (g_kept.size() > kKeptProfiles) g_kept.pop_front();
        // Older runs' logs go first when they are too many to keep.
        size_t events = 0;
        for (auto it = g_kept.rbegin(); it != g_kept.rend(); ++it)
            if (it->pending && (events += it->pending->events) > kKeptEvents && it != g_kept.rbegin())
                it->pending.reset();
    }
    if (write) {
        namespace fs = std::filesystem;
        const auto p = find(d.id(), run);
        const fs::path out = fs::path(dir) / ("device" + std::to_string(d.id()) + "-run" + std::to_string(run));
        std::error_code ec;
        fs::create_directories(out, ec);
        std::ofstream(out / "profile.json") << p->to_json() << "\n";
        write_profile_trace(d.id(), run, (out / "trace.json").string());
        p->write_device_csv((out / "profile_log_device.csv").string());
    }
}

}  // namespace timing

uint64_t last_profiled_run(int device_id) {
    std::lock_guard lock(timing::g_mutex);
    for (auto it = timing::g_kept.rbegin(); it != timing::g_kept.rend(); ++it)
        if (it->device == device_id && (it->profile || it->pending)) return it->run;
    return 0;
}

std::string profile_json(int device_id, uint64_t run) {
    auto p = timing::find(device_id, run);
    return p ? p->to_json() : std::string();
}

std::vector<std::string> site_lines(const std::vector<uint64_t>& pcs) {
    std::vector<std::string> out(pcs.size());
    std::vector<size_t> todo;
    {
        std::lock_guard lock(timing::g_mutex);
        for (size_t i = 0; i < pcs.size(); ++i) {
            auto it = timing::g_lines.find(reinterpret_cast<const void*>(pcs[i]));
            if (it != timing::g_lines.end()) out[i] = it->second;
            else todo.push_back(i);
        }
    }
    std::vector<const void*> ask;
    for (size_t i : todo) ask.push_back(reinterpret_cast<const void*>(pcs[i]));
    const std::vector<std::string> lines = source_lines(ask);
    for (size_t k = 0; k < todo.size(); ++k) out[todo[k]] = lines[k];
    std::lock_guard lock(timing::g_mutex);
    for (size_t i : todo) timing::g_lines[reinterpret_cast<const void*>(pcs[i])] = out[i];
    return out;
}

bool write_profile_trace(int device_id, uint64_t run, const std::string& path,
                         const std::vector<std::pair<uint64_t, std::string>>& names) {
    auto p = timing::find(device_id, run);
    if (!p) return false;
    std::map<const void*, std::string> label;
    for (const auto& [pc, name] : names) label[reinterpret_cast<const void*>(pc)] = name;
    std::vector<uint64_t> unnamed;
    for (const timing::PipeProfile& pp : p->pipes)
        for (const timing::SiteCycles& s : pp.sites)
            if (!label.count(s.pc)) {
                label[s.pc];
                unnamed.push_back(reinterpret_cast<uint64_t>(s.pc));
            }
    const std::vector<std::string> lines = site_lines(unnamed);
    for (size_t i = 0; i < unnamed.size(); ++i) label[reinterpret_cast<const void*>(unnamed[i])] = lines[i];
    p->write_trace(path, {label.begin(), label.end()});
    return true;
}

bool write_profile_csv(int device_id, uint64_t run, const std::string& path) {
    auto p = timing::find(device_id, run);
    if (!p) return false;
    p->write_device_csv(path);
    return true;
}

void set_trace_spans(size_t per_pipeline) {
    std::lock_guard lock(timing::g_mutex);
    timing::g_spans = per_pipeline;
}

}  // namespace ttemu
