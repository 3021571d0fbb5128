// Host access to the pages of a device buffer in place (emulator-only: the emulated device memory
// is host memory; TT-Metalium has no such call). For host code that lays tensors out in pages
// while it copies them (tilizing into a buffer), instead of staging the whole buffer first.
#pragma once

#include <cstdint>

namespace tt::tt_metal::distributed {
class MeshBuffer;
}

namespace ttemu {

// The host address of page `page` of an allocated interleaved buffer (page_size() bytes); the
// pages of one bank follow each other at aligned_page_size() strides.
uint8_t* buffer_page(const tt::tt_metal::distributed::MeshBuffer& buffer, uint32_t page);

}  // namespace ttemu
