// TT-Metalium v0.81.1 api/alignment.h (address alignment helpers for kernels), on the ttemu
// emulator: the same three constexpr functions as tt_metal/hw/inc/api/alignment.h.
#pragma once

#include <cstdint>

// addr rounded up to a multiple of alignment, which must be a power of 2 (addr > 0).
__attribute__((always_inline)) constexpr uint32_t align_power_of_2(uint32_t addr, uint32_t alignment) {
    return ((addr - 1) | (alignment - 1)) + 1;
}

// addr rounded up to a multiple of alignment.
__attribute__((always_inline)) constexpr uint32_t align(uint32_t addr, uint32_t alignment) {
    return ((addr + alignment - 1) / alignment) * alignment;
}

__attribute__((always_inline)) constexpr bool is_power_of_2(uint32_t n) { return (n != 0) && (n & (n - 1)) == 0; }
