// The firmware's per-CB interface (internal/circular_buffer_interface.h). The emulator's CBs keep
// their state in the runtime: get_local_cb_interface returns a snapshot of it taken at the call
// (page size, FIFO bounds and pointers as L1 byte addresses, the 16-bit page counters), which is
// what kernels read it for (fifo_page_size). Writing to it does not move the runtime's CB: a
// kernel that edits the pointers (aliasing one buffer under two CB ids) is not emulated.
#pragma once

#include <cstdint>

#include "ttemu/kernel_abi.h"

struct LocalCBInterface {
    uint32_t fifo_size;
    uint32_t fifo_limit;  // range is inclusive of the limit
    uint32_t fifo_page_size;
    uint32_t fifo_num_pages;
    uint32_t fifo_rd_ptr;
    uint32_t fifo_wr_ptr;
    union {
        uint32_t tiles_acked_received_init;
        struct {
            uint16_t tiles_acked;
            uint16_t tiles_received;
        };
    };
    uint32_t fifo_wr_tile_ptr;
};

inline LocalCBInterface& get_local_cb_interface(uint32_t cb_id) {
    static thread_local LocalCBInterface snapshot[64];
    uint32_t w[8];
    ttemu::abi::cb_interface(cb_id, w);
    LocalCBInterface& cb = snapshot[cb_id & 63];
    cb.fifo_size = w[0];
    cb.fifo_limit = w[1];
    cb.fifo_page_size = w[2];
    cb.fifo_num_pages = w[3];
    cb.fifo_rd_ptr = w[4];
    cb.fifo_wr_ptr = w[5];
    cb.tiles_acked_received_init = w[6];
    cb.fifo_wr_tile_ptr = w[7];
    return cb;
}
