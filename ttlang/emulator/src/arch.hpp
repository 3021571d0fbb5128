// Architecture presets of the emulated device: the numbers BRIEF section 5 pins.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ttemu {

struct ArchSpec {
    std::string name;             // "wormhole_b0" | "blackhole"
    uint32_t grid_x, grid_y;      // compute grid (logical worker cores)
    uint32_t l1_size;             // bytes of L1 per core
    uint32_t kernel_config_base;  // start of the kernel config region (runtime args, semaphores)
    uint32_t l1_unreserved_base;  // first byte available to circular buffers and L1 buffers
    uint32_t num_dram_banks;
    uint64_t dram_bank_size;
    uint32_t dram_alignment;
    uint32_t l1_alignment;
    uint32_t max_cbs;
    double clock_ghz;
    // Virtual NoC coordinates: worker (x, y) sits at (x + worker_x0, y + worker_y0); DRAM bank b
    // sits at (dram_x, b). Multicast rectangles stay rectangles under this mapping.
    uint32_t worker_x0, worker_y0, dram_x;
};

// Memory map: firmware and mailboxes end at MEM_MAP_END (0x8960 Wormhole, 0xA080 Blackhole in
// the v0.81.1 dev_mem_map.h), then a 69 KiB kernel config buffer, then user L1.
inline ArchSpec wormhole_n150() {
    constexpr uint32_t map_end = 0x8960, config = 69 * 1024;
    return {"wormhole_b0", 8, 8, 1464 * 1024, map_end, (map_end + config + 31) & ~31u,
            12, 1ull << 30, 32, 16, 32, 1.0, 18, 18, 0};
}

inline ArchSpec blackhole_p150() {
    constexpr uint32_t map_end = 0xA080, config = 69 * 1024;
    return {"blackhole", 13, 10, 1536 * 1024, map_end, (map_end + config + 63) & ~63u,
            8, 4ull << 30, 64, 16, 64, 1.35, 1, 2, 0};
}

// The preset named by TT_METAL_ARCH_NAME / TTEMU_ARCH ("wormhole_b0" default, "blackhole").
ArchSpec arch_from_env();
ArchSpec arch_by_name(std::string_view name);

}  // namespace ttemu
