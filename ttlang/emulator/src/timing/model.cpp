// The timing model's place in a run: logs are armed when a program is configured, replayed when
// its threads have finished, and the profiles of the most recent runs are kept for the caller
// (ttemu/profile.h); TTEMU_PROFILE writes each one out.
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

struct Kept {
    int device;
    std::shared_ptr<const Profile> profile;
};

std::mutex g_mutex;
std::deque<Kept> g_kept;  // most recent last
size_t g_spans = [] {
    const char* v = std::getenv("TTEMU_TRACE_SPANS");
    return v && *v ? size_t(std::strtoull(v, nullptr, 10)) : size_t(2048);
}();

std::shared_ptr<const Profile> find(int device, uint64_t run) {
    std::lock_guard lock(g_mutex);
    for (auto it = g_kept.rbegin(); it != g_kept.rend(); ++it)
        if (it->device == device && (run == 0 || it->profile->run == run)) return it->profile;
    return nullptr;
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
    ReplayInput in;
    in.costs = threads.front()->costs;
    in.grid_x = a.grid_x;
    in.grid_y = a.grid_y;
    const char* dir = std::getenv("TTEMU_PROFILE");
    const bool write = dir && *dir;
    in.spans_per_pipe = write ? std::max<size_t>(g_spans, 1u << 16) : g_spans;
    in.cb_pages.assign(size_t(a.grid_x) * a.grid_y, {});
    uint64_t matmul[5] = {}, eltwise = 0, sfpu = 0, reduce = 0;
    for (Thread* t : threads) {
        const uint32_t core = t->core->y * a.grid_x + t->core->x;
        for (uint32_t i = 0; i < 64; ++i)
            in.cb_pages[core][i] = t->core->cbs[i].configured ? t->core->cbs[i].num_pages : 0;
        StreamInput s;
        s.log = &t->log;
        s.core = core;
        s.compute = t->compute != nullptr;
        s.track = t->risc == Risc::NCRISC ? Track::Reader : Track::Writer;
        s.noc = t->noc;
        s.full_sync = s.compute && t->compute->full_sync;
        in.streams.push_back(s);
        if (s.compute) matmul[std::min<uint8_t>(t->compute->fidelity, 4)] += t->counters.matmul_tiles;
        eltwise += t->counters.eltwise_tiles;
        sfpu += t->counters.sfpu_tiles;
        reduce += t->counters.reduce_tiles;
    }
    auto p = std::make_shared<Profile>(replay(in));
    p->run = run;
    std::memcpy(p->matmul_tiles, matmul, sizeof matmul);
    p->eltwise_tiles = eltwise;
    p->sfpu_tiles = sfpu;
    p->reduce_tiles = reduce;
    for (uint8_t f = 0; f < 5; ++f) p->matmul_cycles_per_tile[f] = in.costs->matmul_per_phase * phases(f);
    p->dram_peak_bytes_per_cycle = in.costs->dram_bytes_per_cycle * in.costs->dram_banks;
    {
        std::lock_guard lock(g_mutex);
        g_kept.push_back({d.id(), p});
        while (g_kept.size() > kKeptProfiles) g_kept.pop_front();
    }
    if (write) {
        namespace fs = std::filesystem;
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
    auto p = timing::find(device_id, 0);
    return p ? p->run : 0;
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
