// The host API: devices, buffers, programs and their launch on the emulated cores.
#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>

#include "buffers.hpp"
#include "compute.hpp"
#include "device.hpp"
#include "jit.hpp"
#include "ttemu/host_pages.h"
#include "scheduler.hpp"
#include "tile.hpp"
#include "timing/model.hpp"
#include "tt-metalium/distributed.hpp"
#include "tt-metalium/host_api.hpp"

namespace ttemu {

using tt::tt_metal::CoreCoord;
using tt::tt_metal::CoreRange;
using tt::tt_metal::CoreRangeSet;

struct KernelSpec {
    std::string path;
    std::vector<CoreCoord> cores;
    bool is_compute = false;
    Risc risc = Risc::BRISC;
    uint8_t noc = 0;  // DataMovementConfig::noc
    JitRequest jit;
    std::map<std::pair<size_t, size_t>, std::vector<uint32_t>> args;  // per core
    std::vector<uint32_t> common_args;
    bool common_set = false;
};

struct CbSpec {
    std::vector<CoreCoord> cores;
    tt::tt_metal::CircularBufferConfig config;
};

struct SemaphoreSpec {
    std::vector<CoreCoord> cores;
    uint32_t id;
    uint32_t initial;
};

struct ProgramImpl {
    std::vector<KernelSpec> kernels;
    std::vector<CbSpec> cbs;
    std::vector<SemaphoreSpec> semaphores;
    std::vector<const KernelImage*> images;  // compiled on first launch
    std::string compiled_for;                // descriptors the images were compiled with
};

namespace {

std::vector<CoreCoord> cores_of(const std::variant<CoreCoord, CoreRange, CoreRangeSet>& spec) {
    if (auto* c = std::get_if<CoreCoord>(&spec)) return {*c};
    if (auto* r = std::get_if<CoreRange>(&spec)) return tt::tt_metal::corerange_to_cores(CoreRangeSet(*r), std::nullopt, true);
    return tt::tt_metal::corerange_to_cores(std::get<CoreRangeSet>(spec), std::nullopt, true);
}

std::vector<CoreCoord> cores_of(const std::variant<CoreRange, CoreRangeSet>& spec) {
    if (auto* r = std::get_if<CoreRange>(&spec)) return tt::tt_metal::corerange_to_cores(CoreRangeSet(*r), std::nullopt, true);
    return tt::tt_metal::corerange_to_cores(std::get<CoreRangeSet>(spec), std::nullopt, true);
}

std::string core_str(const CoreCoord& c) { return "(" + std::to_string(c.x) + "," + std::to_string(c.y) + ")"; }

void check_cores(Device& d, const std::vector<CoreCoord>& cores, const char* what) {
    for (const CoreCoord& c : cores)
        if (c.x >= d.arch().grid_x || c.y >= d.arch().grid_y)
            throw std::invalid_argument(std::string(what) + ": core " + core_str(c) + " is outside the " +
                                        std::to_string(d.arch().grid_x) + "x" + std::to_string(d.arch().grid_y) +
                                        " worker grid of " + d.arch().name);
}

// The per-CB page sizes and formats a kernel sees on its cores, as a header.
std::string descriptors_for(const ProgramImpl& p, const KernelSpec& k) {
    uint32_t page[kMaxCbs] = {};
    uint32_t format[kMaxCbs];
    std::fill(std::begin(format), std::end(format), 0xffu);
    for (const CbSpec& cb : p.cbs) {
        bool shared = std::any_of(k.cores.begin(), k.cores.end(), [&](const CoreCoord& c) {
            return std::find(cb.cores.begin(), cb.cores.end(), c) != cb.cores.end();
        });
        if (!shared) continue;
        for (uint8_t i : cb.config.buffer_indices()) {
            if (cb.config.page_sizes()[i]) page[i] = *cb.config.page_sizes()[i];
            if (cb.config.data_formats()[i]) format[i] = static_cast<uint32_t>(*cb.config.data_formats()[i]);
        }
    }
    std::ostringstream os;
    os << "#pragma once\n#include <cstdint>\nconstexpr std::uint32_t ttemu_cb_page_size[64] = {";
    for (uint32_t i = 0; i < kMaxCbs; ++i) os << (i ? "," : "") << page[i];
    os << "};\nconstexpr std::uint8_t ttemu_cb_format[64] = {";
    for (uint32_t i = 0; i < kMaxCbs; ++i) os << (i ? "," : "") << format[i];
    os << "};\n";
    return os.str();
}

struct CbPlacement {
    uint32_t index, addr, size;
};

// Lays out the program on every core it uses: CBs from the bottom of user L1 (the same address on
// every core of a config), semaphores and runtime args in the kernel config region.
std::vector<Thread*> configure(Device& d, ProgramImpl& p) {
    const ArchSpec& a = d.arch();
    std::map<Core*, uint32_t> next_free;
    std::map<Core*, std::vector<CbPlacement>> placed;
    std::set<Core*> used;
    for (const KernelSpec& k : p.kernels)
        for (const CoreCoord& c : k.cores) used.insert(&d.core(c.x, c.y));
    for (Core* c : used) {
        for (CircularBuffer& cb : c->cbs) cb = CircularBuffer{};
        for (Thread& t : c->threads) {
            t.kernel = nullptr;
            t.done = t.blocked = false;
            t.reads.clear();
            t.writes.clear();
            t.compute = nullptr;
            t.counters = Counters{};
            t.num_args = t.num_common_args = 0;
        }
        // The part of the kernel config region a launch uses: semaphores, then the runtime args of
        // the three kernel threads (unique and common).
        constexpr uint32_t config_used = kNumSemaphores * kSemaphoreStride + 3 * 2 * kMaxRuntimeArgs * 4;
        static_assert(config_used <= 69 * 1024);
        std::memset(c->l1 + a.kernel_config_base, 0, config_used);
        next_free[c] = a.l1_unreserved_base;
    }
    const uint64_t l1_top = d.l1_allocator().lowest_allocated_from_top();
    for (const CbSpec& spec : p.cbs) {
        uint32_t addr = a.l1_unreserved_base;
        for (const CoreCoord& cc : spec.cores) {
            Core* c = &d.core(cc.x, cc.y);
            if (!next_free.count(c)) next_free[c] = a.l1_unreserved_base;
            addr = std::max(addr, next_free[c]);
        }
        addr = (addr + 31) & ~31u;
        const uint32_t size = spec.config.total_size();
        for (const CoreCoord& cc : spec.cores) {
            Core* c = &d.core(cc.x, cc.y);
            next_free[c] = addr + size;
            for (uint8_t i : spec.config.buffer_indices()) {
                if (i >= a.max_cbs)
                    throw Fault("circular buffer c_" + std::to_string(i) + " on core " + core_str(cc) + ": " + a.name +
                                " has " + std::to_string(a.max_cbs) + " circular buffers per core (c_0..c_" +
                                std::to_string(a.max_cbs - 1) + ")");
                CircularBuffer& cb = c->cbs[i];
                if (cb.configured)
                    throw Fault("circular buffer c_" + std::to_string(i) + " is configured twice on core " + core_str(cc));
                const uint32_t page = spec.config.page_sizes()[i].value_or(size);
                cb.configured = true;
                cb.base = addr;
                cb.size = size;
                cb.page_size = page;
                cb.num_pages = page ? size / page : 0;
                cb.format = spec.config.data_formats()[i] ? static_cast<uint8_t>(*spec.config.data_formats()[i]) : 0xff;
                placed[c].push_back({i, addr, size});
            }
        }
    }
    for (auto& [c, end] : next_free) {
        if (end <= l1_top && end <= a.l1_size) continue;
        std::ostringstream os;
        os << "L1 overflow on core (" << c->x << "," << c->y << "): circular buffers end at 0x" << std::hex << end
           << ", beyond " << (l1_top < a.l1_size ? "the L1 buffers, which begin at 0x" : "the end of L1 at 0x")
           << std::min<uint64_t>(l1_top, a.l1_size) << std::dec << " (user L1 starts at 0x" << std::hex
           << a.l1_unreserved_base << std::dec << "):";
        for (const CbPlacement& cb : placed[c])
            os << "\n  c_" << cb.index << ": " << cb.size << " B at 0x" << std::hex << cb.addr << std::dec;
        throw Fault(os.str());
    }
    for (const SemaphoreSpec& s : p.semaphores)
        for (const CoreCoord& cc : s.cores) {
            Core& c = d.core(cc.x, cc.y);
            std::memcpy(c.l1 + a.kernel_config_base + s.id * kSemaphoreStride, &s.initial, 4);
        }
    // Runtime args: per thread, unique args then common args.
    const uint32_t args_base = a.kernel_config_base + kNumSemaphores * kSemaphoreStride;
    std::vector<Thread*> threads;
    for (size_t ki = 0; ki < p.kernels.size(); ++ki) {
        const KernelSpec& k = p.kernels[ki];
        for (const CoreCoord& cc : k.cores) {
            Core& c = d.core(cc.x, cc.y);
            Thread& t = c.threads[static_cast<int>(k.risc)];
            if (t.kernel)
                throw Fault("kernels " + t.kernel->name + " and " + p.images[ki]->name + " both run on " +
                            risc_name(k.risc) + " of core " + core_str(cc));
            t.kernel = p.images[ki];
            timing::arm(d, t, k.noc);
            auto* region = reinterpret_cast<uint32_t*>(c.l1 + args_base + static_cast<int>(k.risc) * 2 * kMaxRuntimeArgs * 4);
            t.args = region;
            t.common_args = region + kMaxRuntimeArgs;
            if (auto it = k.args.find({cc.x, cc.y}); it != k.args.end()) {
                std::memcpy(t.args, it->second.data(), it->second.size() * 4);
                t.num_args = static_cast<uint32_t>(it->second.size());
            }
            std::memcpy(t.common_args, k.common_args.data(), k.common_args.size() * 4);
            t.num_common_args = static_cast<uint32_t>(k.common_args.size());
            if (k.is_compute) {
                if (!t.compute_storage) t.compute_storage = std::make_unique<ComputeState>();
                t.compute = t.compute_storage.get();
                t.compute->configure(*t.kernel);
            }
            threads.push_back(&t);
        }
    }
    return threads;
}

}  // namespace

void run_program(Device& d, ProgramImpl& p) {
    std::lock_guard lock(d.launch_mutex);
    for (const KernelSpec& k : p.kernels) check_cores(d, k.cores, ("CreateKernel(" + k.path + ")").c_str());
    for (const CbSpec& cb : p.cbs) check_cores(d, cb.cores, "CreateCircularBuffer");
    for (const SemaphoreSpec& s : p.semaphores) check_cores(d, s.cores, "CreateSemaphore");
    std::vector<std::string> descriptors;
    for (KernelSpec& k : p.kernels) descriptors.push_back(descriptors_for(p, k));
    std::string sig;
    for (const std::string& s : descriptors) sig += s;
    if (p.images.size() != p.kernels.size() || p.compiled_for != sig) {
        std::vector<JitRequest> reqs;
        for (size_t i = 0; i < p.kernels.size(); ++i) {
            reqs.push_back(p.kernels[i].jit);
            reqs.back().descriptors = descriptors[i];
            // As the real JIT build: kernels can tell the architecture apart at compile time.
            reqs.back().defines.emplace(d.arch().name == "blackhole" ? "ARCH_BLACKHOLE" : "ARCH_WORMHOLE", "");
        }
        p.images = jit_compile(reqs);
        p.compiled_for = sig;
    }
    std::vector<Thread*> threads = configure(d, p);
    run_threads(d, threads);
}

uint8_t* buffer_page(const tt::tt_metal::distributed::MeshBuffer& b, uint32_t p) {
    Device& d = b.device()->emu();
    const tt::tt_metal::Buffer& r = *b.get_reference_buffer();
    if (r.is_dram()) {
        const uint32_t banks = d.arch().num_dram_banks;
        return d.dram_bank(p % banks) + r.address() + uint64_t(p / banks) * r.aligned_page_size();
    }
    const uint32_t banks = d.num_cores(), bank = p % banks;
    return d.core(bank % d.arch().grid_x, bank / d.arch().grid_x).l1 + r.address() +
           uint64_t(p / banks) * r.aligned_page_size();
}

}  // namespace ttemu

// ---------------------------------------------------------------------------------------------
// tt::tt_metal

namespace tt::tt_metal {

Program::Program() : impl_(std::make_unique<ttemu::ProgramImpl>()) {}
Program::~Program() = default;
Program::Program(Program&& other) noexcept = default;
Program& Program::operator=(Program&& other) noexcept = default;

Program CreateProgram() { return Program(); }

KernelHandle CreateKernel(Program& program, const std::string& file_name,
                          const std::variant<CoreCoord, CoreRange, CoreRangeSet>& core_spec,
                          const std::variant<DataMovementConfig, ComputeConfig>& config) {
    namespace fs = std::filesystem;
    ttemu::KernelSpec k;
    k.path = file_name;
    if (!fs::exists(k.path)) {
        for (const char* var : {"TT_METAL_KERNEL_PATH", "TT_METAL_HOME"})
            if (const char* root = std::getenv(var); root && fs::exists(fs::path(root) / file_name)) {
                k.path = (fs::path(root) / file_name).string();
                break;
            }
    }
    if (!fs::exists(k.path)) throw std::invalid_argument("CreateKernel: kernel file not found: " + file_name);
    // As tt-metal's JIT build: kernels include headers relative to the tt-metal root, its ttnn/
    // and ttnn/cpp/ folders (TT-NN's kernels: "ttnn/operations/...", "ttnn/cpp/ttnn/...").
    std::vector<fs::path> root_includes;
    for (const char* var : {"TT_METAL_KERNEL_PATH", "TT_METAL_HOME"})
        if (const char* root = std::getenv(var); root && *root)
            for (const char* sub : {"", "ttnn", "ttnn/cpp"})
                if (fs::is_directory(fs::path(root) / sub)) root_includes.push_back(fs::path(root) / sub);
    k.path = fs::absolute(k.path).string();
    k.cores = ttemu::cores_of(core_spec);
    k.jit.path = k.path;
    if (auto* dm = std::get_if<DataMovementConfig>(&config)) {
        if (dm->processor != DataMovementProcessor::RISCV_0 && dm->processor != DataMovementProcessor::RISCV_1)
            throw std::invalid_argument("CreateKernel: Tensix cores have two data movement processors, RISCV_0 and RISCV_1");
        k.risc = dm->processor == DataMovementProcessor::RISCV_0 ? ttemu::Risc::BRISC : ttemu::Risc::NCRISC;
        k.jit.compile_args = dm->compile_args;
        k.jit.named_args = {dm->named_compile_args.begin(), dm->named_compile_args.end()};
        k.jit.defines = dm->defines;
        k.jit.include_paths = dm->compiler_include_paths;
        k.jit.include_paths.insert(k.jit.include_paths.end(), root_includes.begin(), root_includes.end());
        k.jit.defines["NOC_INDEX"] = std::to_string(int(dm->noc));
        k.noc = static_cast<uint8_t>(dm->noc);
        k.jit.defines[k.risc == ttemu::Risc::BRISC ? "COMPILE_FOR_BRISC" : "COMPILE_FOR_NCRISC"] = "";
    } else {
        const ComputeConfig& cc = std::get<ComputeConfig>(config);
        k.is_compute = true;
        k.risc = ttemu::Risc::TRISC;
        k.jit.is_compute = true;
        k.jit.compile_args = cc.compile_args;
        k.jit.named_args = {cc.named_compile_args.begin(), cc.named_compile_args.end()};
        k.jit.defines = cc.defines;
        k.jit.defines["COMPILE_FOR_TRISC"] = "";
        k.jit.include_paths = cc.compiler_include_paths;
        k.jit.include_paths.insert(k.jit.include_paths.end(), root_includes.begin(), root_includes.end());
        k.jit.math_fidelity = static_cast<uint8_t>(cc.math_fidelity);
        k.jit.fp32_dest_acc_en = cc.fp32_dest_acc_en;
        k.jit.dst_full_sync_en = cc.dst_full_sync_en;
        k.jit.math_approx_mode = cc.math_approx_mode;
        for (size_t i = 0; i < cc.unpack_to_dest_mode.size(); ++i) {
            const bool fp32 = cc.unpack_to_dest_mode[i] == UnpackToDestMode::UnpackToDestFp32;
            if (fp32 && !cc.fp32_dest_acc_en)
                throw std::invalid_argument("CreateKernel: UnpackToDestFp32 (CB " + std::to_string(i) +
                                            ") requires fp32_dest_acc_en");
            k.jit.unpack_to_dest_fp32.push_back(fp32);
        }
    }
    program.impl().kernels.push_back(std::move(k));
    program.impl().images.clear();
    return static_cast<KernelHandle>(program.impl().kernels.size() - 1);
}

CBHandle CreateCircularBuffer(Program& program, const std::variant<CoreCoord, CoreRange, CoreRangeSet>& core_spec,
                              const CircularBufferConfig& config) {
    for (uint8_t i : config.buffer_indices())
        if (!config.page_sizes()[i])
            throw std::invalid_argument("CreateCircularBuffer: no page size set for circular buffer " + std::to_string(i) +
                                        " (CircularBufferConfig::set_page_size)");
    program.impl().cbs.push_back({ttemu::cores_of(core_spec), config});
    return static_cast<CBHandle>(program.impl().cbs.size());
}

uint32_t CreateSemaphore(Program& program, const std::variant<CoreRange, CoreRangeSet>& core_spec, uint32_t initial_value) {
    std::vector<CoreCoord> cores = ttemu::cores_of(core_spec);
    auto& sems = program.impl().semaphores;
    for (uint32_t id = 0; id < ttemu::kNumSemaphores; ++id) {
        bool taken = std::any_of(sems.begin(), sems.end(), [&](const ttemu::SemaphoreSpec& s) {
            return s.id == id && std::any_of(s.cores.begin(), s.cores.end(), [&](const CoreCoord& c) {
                       return std::find(cores.begin(), cores.end(), c) != cores.end();
                   });
        });
        if (!taken) {
            sems.push_back({cores, id, initial_value});
            return id;
        }
    }
    throw std::runtime_error("CreateSemaphore: cannot create more than " + std::to_string(ttemu::kNumSemaphores) +
                             " semaphores per core");
}

uint32_t CreateSemaphore(Program& program, const std::variant<CoreRange, CoreRangeSet>& core_spec, uint32_t initial_value,
                         CoreType core_type) {
    if (core_type != CoreType::WORKER && core_type != CoreType::TENSIX)
        throw std::invalid_argument("CreateSemaphore: the emulator has Tensix worker cores only");
    return CreateSemaphore(program, core_spec, initial_value);
}

namespace {
ttemu::KernelSpec& kernel_of(const Program& program, KernelHandle kernel) {
    auto& ks = program.impl().kernels;
    if (kernel >= ks.size()) throw std::invalid_argument("invalid kernel handle " + std::to_string(kernel));
    return ks[kernel];
}
void check_arg_count(const ttemu::KernelSpec& k, size_t unique, size_t common) {
    if (unique + common > max_runtime_args)
        throw std::invalid_argument("kernel " + k.path + ": " + std::to_string(unique) + " runtime args and " +
                                    std::to_string(common) + " common runtime args exceed the limit of " +
                                    std::to_string(max_runtime_args));
}
}  // namespace

void SetRuntimeArgs(const Program& program, KernelHandle kernel,
                    const std::variant<CoreCoord, CoreRange, CoreRangeSet>& core_spec,
                    std::span<const uint32_t> runtime_args) {
    ttemu::KernelSpec& k = kernel_of(program, kernel);
    check_arg_count(k, runtime_args.size(), k.common_args.size());
    for (const CoreCoord& c : ttemu::cores_of(core_spec)) {
        if (std::find(k.cores.begin(), k.cores.end(), c) == k.cores.end())
            throw std::invalid_argument("SetRuntimeArgs: kernel " + k.path + " does not run on core " + ttemu::core_str(c));
        k.args[{c.x, c.y}].assign(runtime_args.begin(), runtime_args.end());
    }
}

void SetRuntimeArgs(const Program& program, KernelHandle kernel,
                    const std::variant<CoreCoord, CoreRange, CoreRangeSet>& core_spec,
                    std::initializer_list<uint32_t> runtime_args) {
    SetRuntimeArgs(program, kernel, core_spec, std::span<const uint32_t>(runtime_args.begin(), runtime_args.size()));
}

void SetRuntimeArgs(const Program& program, KernelHandle kernel, const std::vector<CoreCoord>& core_spec,
                    const std::vector<std::vector<uint32_t>>& runtime_args) {
    if (core_spec.size() != runtime_args.size())
        throw std::invalid_argument("SetRuntimeArgs: one argument vector per core is required");
    for (size_t i = 0; i < core_spec.size(); ++i)
        SetRuntimeArgs(program, kernel, core_spec[i], std::span<const uint32_t>(runtime_args[i]));
}

void SetCommonRuntimeArgs(const Program& program, KernelHandle kernel_id, std::span<const uint32_t> runtime_args) {
    ttemu::KernelSpec& k = kernel_of(program, kernel_id);
    size_t unique = 0;
    for (const auto& [c, v] : k.args) unique = std::max(unique, v.size());
    check_arg_count(k, unique, runtime_args.size());
    k.common_args.assign(runtime_args.begin(), runtime_args.end());
}

void SetCommonRuntimeArgs(const Program& program, KernelHandle kernel_id, std::initializer_list<uint32_t> runtime_args) {
    SetCommonRuntimeArgs(program, kernel_id, std::span<const uint32_t>(runtime_args.begin(), runtime_args.size()));
}

}  // namespace tt::tt_metal

// ---------------------------------------------------------------------------------------------
// tt::tt_metal::distributed

namespace tt::tt_metal::distributed {

struct MeshDevice::Private {
    std::unique_ptr<ttemu::Device> device;
    std::unique_ptr<MeshCommandQueue> cq;
    MeshShape shape{1, 1};
    bool open = true;
};

MeshDevice::MeshDevice(std::unique_ptr<Private> p) : p_(std::move(p)) {}
MeshDevice::~MeshDevice() = default;

std::shared_ptr<MeshDevice> MeshDevice::create_unit_mesh(int device_id, size_t, size_t, size_t, const DispatchCoreConfig&,
                                                         std::span<const std::uint32_t>, size_t) {
    auto p = std::make_unique<Private>();
    p->device = std::make_unique<ttemu::Device>(ttemu::arch_from_env(), device_id);
    auto mesh = std::make_shared<MeshDevice>(std::move(p));
    mesh->p_->cq = std::make_unique<MeshCommandQueue>(mesh.get(), 0);
    return mesh;
}

MeshCommandQueue& MeshDevice::mesh_command_queue(std::optional<uint8_t> cq_id) const {
    if (cq_id && *cq_id != 0) throw std::invalid_argument("the emulator has one command queue (id 0)");
    return *p_->cq;
}
tt::ARCH MeshDevice::arch() const {
    return p_->device->arch().name == "blackhole" ? tt::ARCH::BLACKHOLE : tt::ARCH::WORMHOLE_B0;
}
int MeshDevice::id() const { return p_->device->id(); }
int MeshDevice::num_dram_channels() const { return static_cast<int>(p_->device->arch().num_dram_banks); }
uint32_t MeshDevice::l1_size_per_core() const { return p_->device->arch().l1_size; }
uint32_t MeshDevice::dram_size_per_channel() const { return static_cast<uint32_t>(p_->device->arch().dram_bank_size); }
int MeshDevice::get_clock_rate_mhz() const { return static_cast<int>(p_->device->arch().clock_ghz * 1000); }
CoreCoord MeshDevice::grid_size() const { return {p_->device->arch().grid_x, p_->device->arch().grid_y}; }
CoreCoord MeshDevice::logical_grid_size() const { return grid_size(); }
CoreCoord MeshDevice::compute_with_storage_grid_size() const { return grid_size(); }
CoreCoord MeshDevice::dram_grid_size() const { return {p_->device->arch().num_dram_banks, 1}; }
CoreCoord MeshDevice::worker_core_from_logical_core(const CoreCoord& c) const {
    const ttemu::ArchSpec& a = p_->device->arch();
    if (c.x >= a.grid_x || c.y >= a.grid_y)
        throw std::invalid_argument("worker_core_from_logical_core: " + c.str() + " is outside the worker grid");
    return {c.x + a.worker_x0, c.y + a.worker_y0};
}
CoreCoord MeshDevice::virtual_core_from_logical_core(const CoreCoord& c, const CoreType&) const {
    return worker_core_from_logical_core(c);
}
CoreCoord MeshDevice::logical_core_from_dram_channel(uint32_t ch) const { return {ch, 0}; }
const MeshShape& MeshDevice::shape() const { return p_->shape; }
bool MeshDevice::close() {
    p_->open = false;
    return true;
}
ttemu::Device& MeshDevice::emu() const { return *p_->device; }

MeshBuffer::MeshBuffer(MeshDevice* device, const DeviceLocalBufferConfig& local, Buffer ref, bool owns) :
    device_(device), local_config_(local), ref_(ref), owns_(owns) {}

std::shared_ptr<MeshBuffer> MeshBuffer::create(const MeshBufferConfig& config, const DeviceLocalBufferConfig& local,
                                               MeshDevice* mesh_device, std::optional<DeviceAddr> address) {
    if (!std::holds_alternative<ReplicatedBufferConfig>(config))
        throw std::invalid_argument("MeshBuffer::create: the emulator implements replicated (unit mesh) buffers");
    if (local.buffer_type != BufferType::DRAM && local.buffer_type != BufferType::L1)
        throw std::invalid_argument("MeshBuffer::create: only DRAM and L1 buffers are emulated");
    ttemu::Device& d = mesh_device->emu();
    const DeviceAddr size = std::get<ReplicatedBufferConfig>(config).size;
    const DeviceAddr page = local.page_size;
    if (page == 0 || size % page != 0)
        throw std::invalid_argument("MeshBuffer::create: size " + std::to_string(size) +
                                    " must be a positive multiple of the page size " + std::to_string(page));
    const bool dram = local.buffer_type == BufferType::DRAM;
    const uint32_t align = dram ? d.arch().dram_alignment : d.arch().l1_alignment;
    const DeviceAddr aligned = (page + align - 1) / align * align;
    const uint32_t banks = dram ? d.arch().num_dram_banks : d.num_cores();
    const DeviceAddr pages = size / page;
    const DeviceAddr per_bank = (pages + banks - 1) / banks * aligned;
    DeviceAddr addr;
    bool owns = !address.has_value();
    if (address) {
        addr = *address;
    } else {
        ttemu::Allocator& alloc = dram ? d.dram_allocator() : d.l1_allocator();
        addr = alloc.alloc(std::max<DeviceAddr>(per_bank, align), align, !dram);
        if (addr == UINT64_MAX)
            throw std::runtime_error(std::string("Out of Memory: Not enough space to allocate ") + std::to_string(size) +
                                     " B " + (dram ? "DRAM" : "L1") + " buffer across " + std::to_string(banks) +
                                     " banks, where each bank needs to store " + std::to_string(per_bank) + " B");
    }
    ttemu::register_buffer(d, {dram, static_cast<uint32_t>(addr), size, static_cast<uint32_t>(page),
                               static_cast<uint32_t>(aligned), static_cast<uint32_t>(pages)});
    Buffer ref(&d, local.buffer_type, addr, size, page, aligned);
    return std::make_shared<MeshBuffer>(mesh_device, local, ref, owns);
}

void MeshBuffer::deallocate() {
    if (!allocated_) return;
    allocated_ = false;
    ttemu::Device& d = *ref_.emu();
    ttemu::unregister_buffer(d, ref_.is_dram(), static_cast<uint32_t>(ref_.address()));
    if (!owns_) return;
    const uint32_t banks = ref_.is_dram() ? d.arch().num_dram_banks : d.num_cores();
    const uint32_t align = ref_.is_dram() ? d.arch().dram_alignment : d.arch().l1_alignment;
    const DeviceAddr per_bank = (ref_.num_pages() + banks - 1) / banks * ref_.aligned_page_size();
    const DeviceAddr bytes = (std::max<DeviceAddr>(per_bank, align) + align - 1) / align * align;
    (ref_.is_dram() ? d.dram_allocator() : d.l1_allocator()).free(ref_.address(), bytes);
}

MeshBuffer::~MeshBuffer() { deallocate(); }

namespace {

// Calls f(page_index, device pointer) for every page of an interleaved buffer.
template <typename F>
void for_each_page(const MeshBuffer& b, F f) {
    const uint32_t n = b.get_reference_buffer()->num_pages();
    for (uint32_t p = 0; p < n; ++p) f(p, ttemu::buffer_page(b, p));
}

}  // namespace

void MeshCommandQueue::enqueue_mesh_workload(MeshWorkload& workload, bool) {
    for (auto& [range, program] : workload.get_programs()) ttemu::run_program(device_->emu(), program.impl());
}

void MeshCommandQueue::enqueue_write_mesh_buffer(const std::shared_ptr<MeshBuffer>& buffer, const void* host_data, bool) {
    if (!buffer->is_allocated()) throw std::runtime_error("write to a deallocated MeshBuffer");
    const auto* src = static_cast<const uint8_t*>(host_data);
    const uint32_t page = buffer->page_size();
    for_each_page(*buffer, [&](uint32_t p, uint8_t* dst) { std::memcpy(dst, src + uint64_t(p) * page, page); });
}

void MeshCommandQueue::enqueue_read_mesh_buffer(void* host_data, const std::shared_ptr<MeshBuffer>& buffer, bool) {
    if (!buffer->is_allocated()) throw std::runtime_error("read from a deallocated MeshBuffer");
    auto* dst = static_cast<uint8_t*>(host_data);
    const uint32_t page = buffer->page_size();
    for_each_page(*buffer, [&](uint32_t p, uint8_t* src) { std::memcpy(dst + uint64_t(p) * page, src, page); });
}

void MeshCommandQueue::finish(std::span<const SubDeviceId>) {}

void EnqueueMeshWorkload(MeshCommandQueue& mesh_cq, MeshWorkload& mesh_workload, bool blocking) {
    mesh_cq.enqueue_mesh_workload(mesh_workload, blocking);
}

void Finish(MeshCommandQueue& mesh_cq, std::span<const SubDeviceId> sub_device_ids) { mesh_cq.finish(sub_device_ids); }

}  // namespace tt::tt_metal::distributed
