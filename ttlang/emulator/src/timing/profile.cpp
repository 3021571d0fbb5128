// A run's profile written out: JSON for ttlang, a Chrome trace, tt-metal's device profiler CSV.
#include "timing/profile.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "timing/names.hpp"

namespace ttemu::timing {

const char* name_of(uint8_t name) {
    static const char* const names[] = {
#define TTEMU_X(id, s) s,
        TTEMU_TIMING_NAMES(TTEMU_X)
#undef TTEMU_X
    };
    static const char* const sfpu[kSfpuOps] = {
        "exp_tile", "log_tile", "sqrt_tile", "rsqrt_tile", "recip_tile", "abs_tile", "negative_tile",
        "relu_tile", "sigmoid_tile", "tanh_tile", "gelu_tile<approx>", "gelu_tile", "silu_tile", "square_tile",
        "add_unary_tile", "sub_unary_tile", "mul_unary_tile", "div_unary_tile", "rsub_unary_tile",
        "relu_min_tile", "relu_max_tile", "fill_tile", "sin_tile", "cos_tile", "tan_tile", "add_binary_tile", "sub_binary_tile", "mul_binary_tile",
        "div_binary_tile", "rsub_binary_tile", "binary_max_tile", "binary_min_tile", "power_binary_tile",
        "where_tile", "ltz_tile", "gtz_tile", "lez_tile", "gez_tile", "eqz_tile", "nez_tile", "unary_ne_tile",
        "unary_eq_tile", "unary_gt_tile", "unary_lt_tile", "unary_ge_tile", "unary_le_tile", "softplus_tile",
        "hardsigmoid_tile", "softsign_tile", "celu_tile", "softshrink_tile", "hardshrink_tile", "cbrt_tile",
        "erf_tile", "erfc_tile", "mask_tile", "mask_posinf_tile", "elu_tile", "lerp_tile", "typecast_tile", "sign_tile",
        "power_tile", "power_iterative_tile", "identity_tile", "clamp_tile", "threshold_tile", "log1p_tile",
    };
    if (name < kSfpuOp) return names[name];
    if (name >= kSfpuOp && name - kSfpuOp < kSfpuOps) return sfpu[name - kSfpuOp];
    return "?";
}

const char* track_name(Track t) {
    static const char* const n[] = {"reader (NCRISC)", "writer (BRISC)", "unpack (TRISC0)", "math (TRISC1)",
                                    "pack (TRISC2)"};
    return n[static_cast<int>(t)];
}

const char* track_risc(Track t) {
    static const char* const n[] = {"NCRISC", "BRISC", "TRISC_0", "TRISC_1", "TRISC_2"};
    return n[static_cast<int>(t)];
}

const char* reason_name(Reason r) {
    static const char* const n[] = {"cb_wait_front", "cb_reserve_back", "read_barrier", "write_barrier",
                                    "noc_queue",     "semaphore",       "dst_free",     "dst_ready",
                                    "operands",      "src_free"};
    return n[static_cast<int>(r)];
}

uint64_t PipeProfile::stalled() const {
    uint64_t s = 0;
    for (const Stall& x : stalls) s += x.cycles;
    return s;
}

void PipeProfile::add_stall(Reason r, uint32_t id, uint64_t cycles) {
    for (Stall& s : stalls)
        if (s.reason == r && s.id == id) {
            s.cycles += cycles;
            return;
        }
    stalls.push_back({r, id, cycles});
}

namespace {

std::string escaped(const std::string& s) {
    std::string o;
    for (char c : s) {
        if (c == '"' || c == '\\') o += '\\';
        if (static_cast<unsigned char>(c) < 0x20) continue;
        o += c;
    }
    return o;
}

}  // namespace

std::string Profile::to_json() const {
    std::ostringstream os;
    os << "{\"run\":" << run << ",\"arch\":\"" << arch << "\",\"clock_ghz\":" << clock_ghz << ",\"grid\":[" << grid_x
       << "," << grid_y << "],\"launch_cycles\":" << launch_cycles << ",\"kernel_cycles\":" << kernel_cycles
       << ",\"matmul_tiles\":[";
    for (int i = 0; i < 5; ++i) os << (i ? "," : "") << matmul_tiles[i];
    os << "],\"matmul_cycles_per_tile\":[";
    for (int i = 0; i < 5; ++i) os << (i ? "," : "") << matmul_cycles_per_tile[i];
    os << "],\"eltwise_tiles\":" << eltwise_tiles << ",\"sfpu_tiles\":" << sfpu_tiles << ",\"reduce_tiles\":"
       << reduce_tiles << ",\"dram_peak_bytes_per_cycle\":" << dram_peak_bytes_per_cycle;
    os << ",\"dram_read_bytes\":" << dram_read_bytes << ",\"dram_write_bytes\":" << dram_write_bytes
       << ",\"noc_bytes\":" << noc_bytes << ",\"busiest_link_cycles\":" << busiest_link << ",\"error\":\""
       << escaped(error) << "\",\"banks\":[";
    for (size_t i = 0; i < banks.size(); ++i) {
        const BankStats& b = banks[i];
        os << (i ? "," : "") << "{\"read_bytes\":" << b.read_bytes << ",\"write_bytes\":" << b.write_bytes
           << ",\"busy\":" << b.busy << ",\"wait\":" << b.wait << ",\"requests\":" << b.requests << "}";
    }
    // Call sites are shared between pipelines: listed once, referred to by index.
    std::map<std::pair<const void*, uint8_t>, size_t> site_index;
    std::vector<std::pair<const void*, uint8_t>> sites;
    for (const PipeProfile& p : pipes)
        for (const SiteCycles& s : p.sites)
            if (site_index.emplace(std::make_pair(s.pc, s.name), sites.size()).second) sites.push_back({s.pc, s.name});
    os << "],\"pipes\":[";
    for (size_t i = 0; i < pipes.size(); ++i) {
        const PipeProfile& p = pipes[i];
        os << (i ? "," : "") << "{\"core\":[" << p.core % grid_x << "," << p.core / grid_x << "],\"track\":\""
           << track_name(p.track) << "\",\"start\":" << p.start << ",\"end\":" << p.end << ",\"busy\":" << p.busy
           << ",\"stalls\":[";
        for (size_t k = 0; k < p.stalls.size(); ++k)
            os << (k ? "," : "") << "[\"" << reason_name(p.stalls[k].reason) << "\"," << p.stalls[k].id << ","
               << p.stalls[k].cycles << "]";
        os << "],\"sites\":[";
        for (size_t k = 0; k < p.sites.size(); ++k) {
            const SiteCycles& s = p.sites[k];
            os << (k ? "," : "") << "[" << site_index[{s.pc, s.name}] << "," << s.busy << "," << s.stall << ","
               << s.calls << "]";
        }
        os << "],\"spans\":" << p.spans.size() << (p.spans_truncated ? ",\"spans_truncated\":true" : "") << "}";
    }
    os << "],\"cbs\":[";
    for (size_t i = 0; i < cbs.size(); ++i)
        os << (i ? "," : "") << "[" << cbs[i].core % grid_x << "," << cbs[i].core / grid_x << "," << cbs[i].cb << ","
           << cbs[i].producer << "," << cbs[i].consumer << "]";
    os << "],\"sites\":[";
    for (size_t i = 0; i < sites.size(); ++i)
        os << (i ? "," : "") << "{\"pc\":" << reinterpret_cast<uintptr_t>(sites[i].first) << ",\"name\":\""
           << name_of(sites[i].second) << "\"}";
    os << "]}";
    return os.str();
}

void Profile::write_trace(const std::string& path, const std::vector<std::pair<const void*, std::string>>& names) const {
    std::map<const void*, std::string> where(names.begin(), names.end());
    std::ofstream f(path);
    if (!f) throw std::runtime_error("cannot write the trace " + path);
    const double us_per_cycle = 1e-3 / clock_ghz;
    f << "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"arch\":\"" << arch << "\",\"clock_ghz\":" << clock_ghz
      << ",\"kernel_cycles\":" << kernel_cycles << ",\"source\":\"ttemu timing model\"},\"traceEvents\":[\n";
    bool first = true;
    auto sep = [&] {
        if (!first) f << ",\n";
        first = false;
    };
    std::vector<bool> named(size_t(grid_x) * grid_y, false);
    char buf[128];
    for (const PipeProfile& p : pipes) {
        const uint32_t x = p.core % grid_x, y = p.core / grid_x;
        if (!named[p.core]) {
            named[p.core] = true;
            sep();
            f << "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":" << p.core << ",\"args\":{\"name\":\"core (" << x
              << "," << y << ")\"}}";
            sep();
            f << "{\"ph\":\"M\",\"name\":\"process_sort_index\",\"pid\":" << p.core << ",\"args\":{\"sort_index\":"
              << p.core << "}}";
        }
        const int tid = static_cast<int>(p.track);
        sep();
        f << "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":" << p.core << ",\"tid\":" << tid
          << ",\"args\":{\"name\":\"" << track_name(p.track) << "\"}}";
        sep();
        f << "{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":" << p.core << ",\"tid\":" << tid
          << ",\"args\":{\"sort_index\":" << tid << "}}";
        for (const Span& s : p.spans) {
            sep();
            auto it = where.find(s.pc);
            std::string label = s.stall ? std::string("wait: ") + name_of(s.name) : name_of(s.name);
            std::snprintf(buf, sizeof buf, "%.4f", double(s.start) * us_per_cycle);
            f << "{\"ph\":\"X\",\"pid\":" << p.core << ",\"tid\":" << tid << ",\"ts\":" << buf;
            std::snprintf(buf, sizeof buf, "%.4f", double(s.end - s.start) * us_per_cycle);
            f << ",\"dur\":" << buf << ",\"name\":\"" << escaped(label)
              << (it != where.end() && !it->second.empty() ? " @ " + escaped(it->second) : std::string())
              << "\",\"cat\":\"" << (s.stall ? "stall" : "busy") << "\",\"args\":{\"cycles\":" << s.end - s.start
              << ",\"start_cycle\":" << s.start << "}}";
        }
        if (p.spans_truncated) {
            sep();
            std::snprintf(buf, sizeof buf, "%.4f", double(p.spans.empty() ? 0 : p.spans.back().end) * us_per_cycle);
            f << "{\"ph\":\"i\",\"s\":\"t\",\"pid\":" << p.core << ",\"tid\":" << tid << ",\"ts\":" << buf
              << ",\"name\":\"timeline truncated (TTEMU_TRACE_SPANS)\"}";
        }
    }
    f << "\n]}\n";
}

void Profile::write_device_csv(const std::string& path) const {
    std::ofstream f(path);
    if (!f) throw std::runtime_error("cannot write " + path);
    // The header and columns of tt-metal's profile_log_device.csv (tt_metal/impl/profiler).
    f << "ARCH: " << arch << ", CHIP_FREQ[MHz]: " << static_cast<int>(clock_ghz * 1000 + 0.5)
      << ", Max Compute Cores: " << grid_x * grid_y << "\n";
    f << "PCIe slot, core_x, core_y, RISC processor type, timer_id, time[cycles since reset], data, run host ID, "
         "trace id, trace id counter, zone name, type, source line, source file, meta data\n";
    int timer = 1;
    for (const PipeProfile& p : pipes) {
        const uint32_t x = p.core % grid_x, y = p.core / grid_x;
        const char* risc = track_risc(p.track);
        const std::string fw = p.track >= Track::Unpack ? "TRISC-FW" : std::string(risc) + "-FW";
        const std::string kernel = p.track >= Track::Unpack ? "TRISC-KERNEL" : std::string(risc) + "-KERNEL";
        const uint64_t t0 = launch_cycles;
        auto row = [&](const std::string& zone, const char* type, uint64_t t) {
            f << "0," << x << "," << y << "," << risc << "," << timer << "," << t << ",0," << run << ",,," << zone << ","
              << type << ",0,ttemu,\n";
        };
        row(fw, "ZONE_START", 0);
        row(kernel, "ZONE_START", t0 + p.start);
        row(kernel, "ZONE_END", t0 + p.end);
        row(fw, "ZONE_END", t0 + p.end);
        ++timer;
    }
}

}  // namespace ttemu::timing
