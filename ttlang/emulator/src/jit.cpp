#include "jit.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#ifndef TTEMU_INCLUDE_DIR
#error "TTEMU_INCLUDE_DIR must name the emulator's include directory"
#endif
#ifndef TTEMU_BUILD_ID
#define TTEMU_BUILD_ID "dev"
#endif

extern char** environ;

namespace ttemu {

namespace fs = std::filesystem;

namespace {

struct Hasher {  // FNV-1a, 64 bit: a cache key, not a security boundary
    uint64_t h = 1469598103934665603ull;
    void add(const void* data, size_t n) {
        auto* p = static_cast<const unsigned char*>(data);
        for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
    }
    void add(const std::string& s) {
        add(s.data(), s.size());
        add("\0", 1);
    }
    std::string hex() const {
        char buf[17];
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
        return buf;
    }
};

std::string read_file(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    if (!f) throw std::runtime_error("ttemu: cannot read kernel source " + p.string());
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// Hashes a source file and, recursively, the files it includes with quotes (the emulator's own
// headers are covered by the build id).
void hash_source(Hasher& h, const fs::path& file, const std::vector<fs::path>& include_paths, std::set<fs::path>& seen) {
    fs::path canon = fs::weakly_canonical(file);
    if (!seen.insert(canon).second) return;
    const std::string text = read_file(canon);
    h.add(canon.string());
    h.add(text);
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        size_t i = line.find_first_not_of(" \t");
        if (i == std::string::npos || line[i] != '#') continue;
        size_t inc = line.find("include", i);
        size_t q1 = line.find('"', inc == std::string::npos ? line.size() : inc);
        if (inc == std::string::npos || q1 == std::string::npos) continue;
        size_t q2 = line.find('"', q1 + 1);
        if (q2 == std::string::npos) continue;
        const std::string name = line.substr(q1 + 1, q2 - q1 - 1);
        std::vector<fs::path> dirs{canon.parent_path()};
        dirs.insert(dirs.end(), include_paths.begin(), include_paths.end());
        for (const fs::path& d : dirs)
            if (fs::exists(d / name)) {
                hash_source(h, d / name, include_paths, seen);
                break;
            }
    }
}

fs::path library_dir() {
    Dl_info info{};
    if (!dladdr(reinterpret_cast<void*>(&kernel_cache_dir), &info) || !info.dli_fname)
        throw std::runtime_error("ttemu: cannot locate libttemu.so");
    return fs::canonical(info.dli_fname).parent_path();
}

std::string compiler() {
    const char* cxx = std::getenv("TTEMU_CXX");
    return cxx && *cxx ? cxx : "g++";
}

struct Job {
    const JitRequest* req;
    std::string key;
    fs::path so, tmp_dir;
    pid_t pid = -1;
};

// An entry of the kernel cache in use: a shared open-file-description lock on the byte
// fnv1a64(name) >> 2 of <dir>/.inuse, the protocol of ttlang/emulator/cachedir.py, whose eviction
// removes an entry only under an exclusive lock on its byte. Held from before the entry is looked
// up until it is loaded (a loaded object no longer needs its file). Best effort: a cache where the
// lock file cannot be opened is used without.
class EntryLock {
public:
    EntryLock(const fs::path& dir, const std::string& name) {
        fd_ = ::open((dir / ".inuse").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0) return;
        uint64_t h = 1469598103934665603ull;
        for (unsigned char c : name) h = (h ^ c) * 1099511628211ull;
        struct flock fl {};
        fl.l_type = F_RDLCK;
        fl.l_whence = SEEK_SET;
        fl.l_start = static_cast<off_t>(h >> 2);
        fl.l_len = 1;
        while (fcntl(fd_, F_OFD_SETLKW, &fl) != 0 && errno == EINTR) {
        }
    }
    ~EntryLock() {
        if (fd_ >= 0) ::close(fd_);
    }
    EntryLock(const EntryLock&) = delete;
    EntryLock& operator=(const EntryLock&) = delete;

private:
    int fd_ = -1;
};

std::mutex g_mutex;
std::unordered_map<std::string, std::unique_ptr<KernelImage>> g_loaded;

std::string key_of(const JitRequest& r) {
    Hasher h;
    h.add(TTEMU_BUILD_ID);
    h.add(compiler());
    h.add(r.is_compute ? "compute" : "dataflow");
    std::set<fs::path> seen;
    hash_source(h, r.path, r.include_paths, seen);
    for (uint32_t a : r.compile_args) h.add(&a, sizeof a);
    h.add("|");
    for (const auto& [k, v] : r.named_args) h.add(k + "=" + std::to_string(v));
    h.add("|");
    for (const auto& [k, v] : r.defines) h.add(k + "=" + v);
    for (const fs::path& p : r.include_paths) h.add(p.string());
    h.add(r.descriptors);
    const uint8_t cfg[] = {r.math_fidelity, r.fp32_dest_acc_en, r.dst_full_sync_en, r.math_approx_mode};
    h.add(cfg, sizeof cfg);
    return h.hex();
}

void start(Job& j) {
    const JitRequest& r = *j.req;
    j.tmp_dir = kernel_cache_dir() / (j.key + ".tmp." + std::to_string(getpid()) + "." +
                                      std::to_string(reinterpret_cast<uintptr_t>(&j)));
    fs::create_directories(j.tmp_dir);
    {
        std::ofstream(j.tmp_dir / "ttemu_descriptors.h") << r.descriptors;
        std::ofstream w(j.tmp_dir / "kernel_wrapper.cpp");
        if (r.is_compute) {
            w << "#include \"api/compute/common.h\"\nnamespace ckernel {}\nusing namespace ckernel;\n";
        } else {
            w << "#include \"api/dataflow/dataflow_api.h\"\n";
        }
        w << "#include \"" << fs::absolute(r.path).string() << "\"\n";
        w << "extern \"C\" void ttemu_kernel_entry() { kernel_main(); }\n";
    }
    std::vector<std::string> args = {compiler(), "-std=c++20", "-O2", "-gdwarf-4", "-fPIC", "-shared", "-w", "-fnon-call-exceptions",
                                      "-I" + j.tmp_dir.string(), "-I" TTEMU_INCLUDE_DIR,
                                      "-I" + fs::absolute(r.path).parent_path().string()};
    for (const fs::path& p : r.include_paths) args.push_back("-I" + p.string());
    std::string ct;
    for (size_t i = 0; i < r.compile_args.size(); ++i) ct += (i ? "," : "") + std::to_string(r.compile_args[i]);
    args.push_back("-DKERNEL_COMPILE_TIME_ARGS=" + ct);
    if (!r.named_args.empty()) {
        std::string map;
        for (const auto& [k, v] : r.named_args) map += (map.empty() ? "{\"" : ",{\"") + k + "\"," + std::to_string(v) + "}";
        args.push_back("-DKERNEL_COMPILE_TIME_ARG_MAP=" + map);
    }
    // As tt-metal passes them: KEY=VALUE even when VALUE is empty (an empty macro, not 1); the
    // binary_ng kernels test an empty PROCESS_LHS_ACTIVATIONS(i) with IS_EMPTY.
    for (const auto& [k, v] : r.defines) args.push_back("-D" + k + "=" + v);
    if (r.is_compute) {
        args.push_back("-DTTEMU_DST_ACCUM_MODE=" + std::to_string(int(r.fp32_dest_acc_en)));
        args.push_back("-DTTEMU_APPROX=" + std::to_string(int(r.math_approx_mode)));
        args.push_back("-DTTEMU_DST_SYNC_FULL=" + std::to_string(int(r.dst_full_sync_en)));
        args.push_back("-DMATH_FIDELITY=" + std::to_string(int(r.math_fidelity)));
    }
    const fs::path libdir = library_dir();
    args.insert(args.end(), {(j.tmp_dir / "kernel_wrapper.cpp").string(), "-o", (j.tmp_dir / "kernel.so").string(),
                             "-L" + libdir.string(), "-lttemu", "-Wl,-rpath," + libdir.string()});

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    const std::string log = (j.tmp_dir / "compile.log").string();
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawnp(&j.pid, argv[0], &fa, nullptr, argv.data(), environ) != 0)
        throw std::runtime_error("ttemu: cannot run the C++ compiler '" + compiler() + "' (set TTEMU_CXX)");
    posix_spawn_file_actions_destroy(&fa);
}

void finish(Job& j) {
    int status = 0;
    waitpid(j.pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::string log = read_file(j.tmp_dir / "compile.log");
        fs::remove_all(j.tmp_dir);
        throw std::runtime_error("ttemu: kernel " + j.req->path + " failed to compile:\n" + log);
    }
    std::error_code ec;
    fs::rename(j.tmp_dir / "kernel.so", j.so, ec);  // atomic: concurrent builders race harmlessly
    fs::remove_all(j.tmp_dir);
    if (ec && !fs::exists(j.so)) throw std::runtime_error("ttemu: cannot store compiled kernel " + j.so.string());
}

KernelImage* load(const JitRequest& r, const fs::path& so) {
    void* h = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) throw std::runtime_error(std::string("ttemu: cannot load kernel object: ") + dlerror());
    auto* entry = reinterpret_cast<void (*)()>(dlsym(h, "ttemu_kernel_entry"));
    if (!entry) throw std::runtime_error("ttemu: kernel object without an entry point: " + so.string());
    auto img = std::make_unique<KernelImage>();
    img->name = fs::path(r.path).filename().string();
    img->path = r.path;
    img->entry = entry;
    img->handle = h;
    img->is_compute = r.is_compute;
    img->math_fidelity = r.math_fidelity;
    img->fp32_dest_acc_en = r.fp32_dest_acc_en;
    img->dst_full_sync_en = r.dst_full_sync_en;
    img->math_approx_mode = r.math_approx_mode;
    img->unpack_to_dest_fp32 = r.unpack_to_dest_fp32;
    return img.release();
}

}  // namespace

fs::path kernel_cache_dir() {
    if (const char* d = std::getenv("TTEMU_CACHE_DIR"); d && *d) return fs::path(d);
    if (const char* d = std::getenv("TTLANG_CACHE_DIR"); d && *d) return fs::path(d) / "emulator" / "kernels";
    if (const char* d = std::getenv("XDG_CACHE_HOME"); d && *d) return fs::path(d) / "ttlang" / "emulator" / "kernels";
    const char* home = std::getenv("HOME");
    return fs::path(home ? home : "/tmp") / ".cache" / "ttlang" / "emulator" / "kernels";
}

std::vector<const KernelImage*> jit_compile(const std::vector<JitRequest>& requests) {
    std::vector<Job> jobs(requests.size());
    std::vector<const KernelImage*> out(requests.size(), nullptr);
    const fs::path dir = kernel_cache_dir();
    fs::create_directories(dir);
    std::vector<std::unique_ptr<EntryLock>> in_use;  // the objects to load, until loaded
    for (size_t i = 0; i < requests.size(); ++i) {
        jobs[i].req = &requests[i];
        jobs[i].key = key_of(requests[i]);
        jobs[i].so = dir / (jobs[i].key + ".so");
        std::lock_guard lock(g_mutex);
        if (auto it = g_loaded.find(jobs[i].key); it != g_loaded.end())
            out[i] = it->second.get();
        else
            in_use.push_back(std::make_unique<EntryLock>(dir, jobs[i].key + ".so"));
    }
    // Compile what is missing on disk, all at once.
    std::set<std::string> started;
    try {
        for (Job& j : jobs)
            if (!out[&j - jobs.data()] && !fs::exists(j.so) && started.insert(j.key).second) start(j);
    } catch (...) {
        for (Job& j : jobs)
            if (j.pid > 0) waitpid(j.pid, nullptr, 0);
        throw;
    }
    std::string error;
    for (Job& j : jobs) {
        if (j.pid <= 0) continue;
        try {
            finish(j);
        } catch (const std::exception& e) {
            if (error.empty()) error = e.what();
        }
    }
    if (!error.empty()) throw std::runtime_error(error);
    std::lock_guard lock(g_mutex);
    for (size_t i = 0; i < jobs.size(); ++i) {
        if (out[i]) continue;
        auto& slot = g_loaded[jobs[i].key];
        if (!slot) {
            slot.reset(load(requests[i], jobs[i].so));
            std::error_code ec;  // a use: eviction goes by modification time
            fs::last_write_time(jobs[i].so, fs::file_time_type::clock::now(), ec);
        }
        out[i] = slot.get();
    }
    return out;
}

// file:line of kernel call sites, through the DWARF line table (which follows #line directives,
// so generated kernels report the Python source). Skips frames inlined from the emulator's own
// headers. One addr2line per kernel image for all its addresses.
std::vector<std::string> source_lines(const std::vector<const void*>& pcs) {
    std::vector<std::string> out(pcs.size());
    std::map<std::string, std::vector<std::pair<size_t, uintptr_t>>> by_image;
    for (size_t i = 0; i < pcs.size(); ++i) {
        Dl_info info{};
        if (!pcs[i] || !dladdr(pcs[i], &info) || !info.dli_fname) continue;
        const uintptr_t offset = reinterpret_cast<uintptr_t>(pcs[i]) - 1 - reinterpret_cast<uintptr_t>(info.dli_fbase);
        by_image[info.dli_fname].push_back({i, offset});
    }
    for (const auto& [image, items] : by_image) {
        std::string cmd = "addr2line -i -a -e '" + image + "'";
        char hex[32];
        for (const auto& item : items) {
            std::snprintf(hex, sizeof hex, " 0x%lx", static_cast<unsigned long>(item.second));
            cmd += hex;
        }
        cmd += " 2>/dev/null";
        FILE* p = popen(cmd.c_str(), "r");
        if (!p) continue;
        // "0x<address>" then its frames, innermost first: the kernel line, then the lines it was
        // inlined into (helper functions).
        std::vector<std::vector<std::string>> frames;
        char line[4096];
        while (std::fgets(line, sizeof line, p)) {
            std::string s(line);
            while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
            if (s.rfind("0x", 0) == 0) {
                frames.emplace_back();
                continue;
            }
            if (auto d = s.find(" (discriminator"); d != std::string::npos) s.resize(d);
            if (frames.empty() || s.empty() || s[0] == '?') continue;
            frames.back().push_back(s);
        }
        pclose(p);
        for (size_t k = 0; k < items.size() && k < frames.size(); ++k) {
            std::vector<std::string> mine;
            for (const std::string& f : frames[k])
                if (f.rfind(TTEMU_INCLUDE_DIR, 0) != 0) mine.push_back(f);
            std::string o = mine.empty() ? (frames[k].empty() ? "" : frames[k][0]) : mine[0];
            for (size_t m = 1; m < mine.size(); ++m) o += " (inlined at " + mine[m] + ")";
            out[items[k].first] = o;
        }
    }
    return out;
}

std::string source_line(const void* pc) { return source_lines({pc})[0]; }

}  // namespace ttemu
