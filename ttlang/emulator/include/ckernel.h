// What kernels use of tt-llk's ckernel.h on any core: the blocking load and the mailboxes by
// which a data movement RISC hands a word to the compute threads (and back).
#pragma once

#include <cstdint>

#include "ckernel_defs.h"
#include "ttemu/kernel_abi.h"

namespace ckernel {

// A load that completes before the next instruction issues (an ordering point on the RISC).
template <typename T>
inline T load_blocking(volatile T* ptr) {
    static_assert(sizeof(T) == sizeof(std::uint16_t) || sizeof(T) == sizeof(std::uint32_t),
                  "load_blocking: operand must be 16-bit or 32-bit");
    return *ptr;
}

// Writes a word into `thread`'s mailbox (each of the three compute threads has its own).
inline void mailbox_write(const std::uint8_t thread, const std::uint32_t data) { ttemu::abi::mailbox_write(thread, data); }
// Reads the next word that `thread` wrote into this thread's mailbox, waiting for it.
[[nodiscard]] inline std::uint32_t mailbox_read(const std::uint8_t thread) { return ttemu::abi::mailbox_read(thread); }

}  // namespace ckernel
