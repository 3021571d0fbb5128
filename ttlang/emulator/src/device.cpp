#include "device.hpp"

#include "buffers.hpp"
#include "compute.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

namespace ttemu {

ArchSpec arch_by_name(std::string_view name) {
    if (name == "wormhole_b0" || name == "wormhole" || name == "n150") return wormhole_n150();
    if (name == "blackhole" || name == "p150") return blackhole_p150();
    throw std::invalid_argument("ttemu: unknown architecture '" + std::string(name) +
                                "' (expected wormhole_b0 or blackhole)");
}

ArchSpec arch_from_env() {
    for (const char* var : {"TTEMU_ARCH", "TT_METAL_ARCH_NAME"})
        if (const char* v = std::getenv(var); v && *v) return arch_by_name(v);
    return wormhole_n150();
}

const char* risc_name(Risc r) {
    switch (r) {
        case Risc::BRISC: return "BRISC";
        case Risc::NCRISC: return "NCRISC";
        case Risc::TRISC: return "TRISC";
    }
    return "?";
}

uint64_t Allocator::alloc(uint64_t size, uint64_t align, bool top_down) {
    size = (size + align - 1) / align * align;
    if (top_down) {
        for (size_t i = free_list.size(); i-- > 0;) {
            Block& b = free_list[i];
            uint64_t start = (b.addr + b.size - size) / align * align;
            if (b.size >= size && start >= b.addr) {
                uint64_t tail = b.addr + b.size - (start + size);
                Block rest_tail{start + size, tail};
                b.size = start - b.addr;
                if (rest_tail.size) free_list.insert(free_list.begin() + i + 1, rest_tail);
                if (!b.size) free_list.erase(free_list.begin() + i);
                return start;
            }
        }
    } else {
        for (size_t i = 0; i < free_list.size(); ++i) {
            Block& b = free_list[i];
            uint64_t start = (b.addr + align - 1) / align * align;
            if (start + size <= b.addr + b.size) {
                Block head{b.addr, start - b.addr};
                uint64_t end = start + size;
                b.size = b.addr + b.size - end;
                b.addr = end;
                if (!b.size) free_list.erase(free_list.begin() + i);
                if (head.size) free_list.insert(free_list.begin() + i, head);
                return start;
            }
        }
    }
    return UINT64_MAX;
}

void Allocator::free(uint64_t addr, uint64_t size) {
    auto it = std::lower_bound(free_list.begin(), free_list.end(), addr,
                               [](const Block& b, uint64_t a) { return b.addr < a; });
    it = free_list.insert(it, Block{addr, size});
    // Coalesce with the neighbours.
    if (it + 1 != free_list.end() && it->addr + it->size == (it + 1)->addr) {
        it->size += (it + 1)->size;
        free_list.erase(it + 1);
    }
    if (it != free_list.begin() && (it - 1)->addr + (it - 1)->size == it->addr) {
        (it - 1)->size += it->size;
        free_list.erase(it);
    }
}

uint64_t Allocator::lowest_allocated_from_top() const {
    // Everything above the last free block that reaches the limit is allocated from the top.
    if (!free_list.empty() && free_list.back().addr + free_list.back().size == limit) return limit;
    if (free_list.empty()) return base;
    return free_list.back().addr + free_list.back().size;
}

namespace {

// L1 addresses are 32-bit in the kernel API and kernels cast them to pointers, so every core's L1
// must live below 4 GiB of the host address space: map an arena there, one 2 MiB slot per core.
uint8_t* map_low_arena(size_t size) {
    for (uintptr_t hint = 0x10000000; hint + size < 0xFFFF0000ull; hint += 0x08000000) {
        void* p = mmap(reinterpret_cast<void*>(hint), size, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (p == MAP_FAILED) continue;
        if (reinterpret_cast<uintptr_t>(p) != hint) {  // kernel without MAP_FIXED_NOREPLACE
            munmap(p, size);
            continue;
        }
        return static_cast<uint8_t*>(p);
    }
    throw std::runtime_error("ttemu: cannot map the L1 arena below 4 GiB of the address space");
}

thread_local Thread* g_current = nullptr;

}  // namespace

Device::Device(ArchSpec arch, int id) : arch_(std::move(arch)), id_(id) {
    arena_size_ = size_t(num_cores()) * kL1Stride;
    arena_ = map_low_arena(arena_size_);
    cores_.resize(num_cores());
    for (uint32_t y = 0; y < arch_.grid_y; ++y)
        for (uint32_t x = 0; x < arch_.grid_x; ++x) {
            Core& c = core(x, y);
            c.device = this;
            c.x = x;
            c.y = y;
            c.l1 = arena_ + size_t(y * arch_.grid_x + x) * kL1Stride;
            for (int r = 0; r < 3; ++r) {
                c.threads[r].core = &c;
                c.threads[r].risc = static_cast<Risc>(r);
            }
        }
    for (uint32_t b = 0; b < arch_.num_dram_banks; ++b) {
        void* p = mmap(nullptr, arch_.dram_bank_size, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) throw std::runtime_error("ttemu: cannot map DRAM bank");
        dram_.push_back(static_cast<uint8_t*>(p));
    }
    dram_alloc_.init(64 * 1024, arch_.dram_bank_size);
    l1_alloc_.init(arch_.l1_unreserved_base, arch_.l1_size);
}

Device::~Device() {
    for (uint8_t* p : dram_) munmap(p, arch_.dram_bank_size);
    munmap(arena_, arena_size_);
}

Core* Device::core_at_virtual(uint32_t vx, uint32_t vy) {
    if (vx < arch_.worker_x0 || vy < arch_.worker_y0) return nullptr;
    uint32_t x = vx - arch_.worker_x0, y = vy - arch_.worker_y0;
    if (x >= arch_.grid_x || y >= arch_.grid_y) return nullptr;
    return &core(x, y);
}

Core* Device::core_of(const void* p) {
    auto a = reinterpret_cast<uintptr_t>(p), base = reinterpret_cast<uintptr_t>(arena_);
    if (a < base || a >= base + arena_size_) return nullptr;
    return &cores_[(a - base) / kL1Stride];
}

uint8_t* Device::resolve(uint64_t noc_addr, uint32_t size, const char* what) {
    const uint32_t x = (noc_addr >> 36) & 63, y = (noc_addr >> 42) & 63;
    const uint64_t local = noc_addr & ((1ull << kNocLocalBits) - 1);
    char buf[256];
    if (x == arch_.dram_x && y < arch_.num_dram_banks && arch_.worker_x0 != arch_.dram_x) {
        if (local + size > arch_.dram_bank_size) {
            std::snprintf(buf, sizeof buf, "%s: DRAM bank %u address 0x%llx + %u bytes is outside the bank",
                          what, y, (unsigned long long)local, size);
            fault(nullptr, buf);
        }
        return dram_[y] + local;
    }
    Core* c = core_at_virtual(x, y);
    if (!c) {
        std::snprintf(buf, sizeof buf, "%s: NoC coordinates (%u,%u) name no core or DRAM bank", what, x, y);
        fault(nullptr, buf);
    }
    // An L1 address is a host address inside some core's slot: keep its offset within the slot.
    const uint32_t off = static_cast<uint32_t>(local) & (kL1Stride - 1);
    if (off + uint64_t(size) > arch_.l1_size) {
        std::snprintf(buf, sizeof buf, "%s: L1 address 0x%x + %u bytes on core (%u,%u) is outside L1 (%u bytes)",
                      what, off, size, c->x, c->y, arch_.l1_size);
        fault(nullptr, buf);
    }
    return c->l1 + off;
}

bool find_buffer(Device& d, bool is_dram, uint32_t address, BufferInfo& out, uint64_t* generation) {
    std::shared_lock lock(d.buffers_mutex);
    if (generation) *generation = d.buffers_generation.load(std::memory_order_relaxed);
    auto it = d.buffers.find({is_dram, address});
    if (it == d.buffers.end()) return false;
    out = it->second;
    return true;
}

void register_buffer(Device& d, const BufferInfo& b) {
    std::unique_lock lock(d.buffers_mutex);
    d.buffers[{b.is_dram, b.address}] = b;
    d.buffers_generation.fetch_add(1, std::memory_order_release);
}

void unregister_buffer(Device& d, bool is_dram, uint32_t address) {
    std::unique_lock lock(d.buffers_mutex);
    d.buffers.erase({is_dram, address});
    d.buffers_generation.fetch_add(1, std::memory_order_release);
}

Thread* current_thread() { return g_current; }
void set_current_thread(Thread* t) { g_current = t; }

std::string describe(const Thread& t) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "core (%u,%u) %s", t.core->x, t.core->y, risc_name(t.risc));
    std::string s = buf;
    if (t.kernel) s += " kernel " + t.kernel->name;
    return s;
}

void fault(const void* pc, const std::string& message) {
    std::string where;
    if (Thread* t = current_thread()) {
        where = describe(*t);
        if (!pc) pc = t->pc;
        if (pc) {
            std::string line = source_line(pc);
            if (!line.empty()) where += " at " + line;
        }
        where += ": ";
    }
    throw Fault(where + message);
}

}  // namespace ttemu
