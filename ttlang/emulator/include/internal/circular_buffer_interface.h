// The firmware's per-CB interface (internal/circular_buffer_interface.h). Kernels that edit it
// directly (a read pointer copied between two CB ids that alias one buffer) are not emulated:
// the emulator's CBs keep their state in the runtime, so such a kernel faults at the call.
#pragma once

#include <cstdint>

#include "ttemu/kernel_abi.h"

struct LocalCBInterface {
    uint32_t fifo_size;
    uint32_t fifo_limit;
    uint32_t fifo_page_size;
    uint32_t fifo_num_pages;
    uint32_t fifo_rd_ptr;
    uint32_t fifo_wr_ptr;
    uint32_t tiles_acked_received_init;
    uint32_t fifo_wr_tile_ptr;
};

inline LocalCBInterface& get_local_cb_interface(uint32_t cb_id) {
    ttemu::abi::not_emulated("get_local_cb_interface (internal/circular_buffer_interface.h)");
}
