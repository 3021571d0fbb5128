// Registry of the interleaved buffers allocated on a device, for bounds checks in kernels.
#pragma once

#include <cstdint>

#include "device.hpp"

namespace ttemu {

// Thread-safe: kernels look buffers up while the host may allocate on another thread. The result
// is a copy (false if there is no such buffer), with the generation it was valid at.
bool find_buffer(Device& d, bool is_dram, uint32_t address, BufferInfo& out, uint64_t* generation = nullptr);
void register_buffer(Device& d, const BufferInfo& b);
void unregister_buffer(Device& d, bool is_dram, uint32_t address);

}  // namespace ttemu
