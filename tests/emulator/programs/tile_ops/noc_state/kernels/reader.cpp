// Reads the tiles of A into c_0 with the stateful, transaction-id reads (the NoC coordinates and
// size from noc_async_read_one_packet_set_state, the bank-local address per read), except the
// last tile, which it zeroes in place with noc.async_write_zeros (reads of the core's zero region).
#include <cstdint>
#include "api/dataflow/dataflow_api.h"
#include "api/dataflow/circular_buffer.h"

void kernel_main() {
    const uint32_t a_addr = get_arg_val<uint32_t>(0);
    const uint32_t a_tiles = get_arg_val<uint32_t>(1);
    constexpr uint32_t cb_a = tt::CBIndex::c_0;
    constexpr auto a_args = TensorAccessorArgs<0>();
    const auto a = TensorAccessor(a_args, a_addr, get_tile_size(cb_a));
    Noc noc;
    CircularBuffer cb(cb_a);
    for (uint32_t i = 0; i < a_tiles; ++i) {
        cb_reserve_back(cb_a, 1);
        const uint32_t l1 = get_write_ptr(cb_a);
        // Garbage first, so that a zeroing or a read that does not land shows.
        for (uint32_t w = 0; w < get_tile_size(cb_a) / 4; ++w) reinterpret_cast<volatile uint32_t*>(uintptr_t(l1))[w] = 0x3f803f80u;
        if (i + 1 < a_tiles) {
            const uint64_t src = a.get_noc_addr(i);
            noc_async_read_one_packet_set_state(src, get_tile_size(cb_a));
            noc_async_read_set_trid(i % 4);
            noc_async_read_one_packet_with_state_with_trid(0, uint32_t(src), l1, i % 4);
            noc_async_read_barrier_with_trid(i % 4);
        } else {
            noc.async_write_zeros(cb, get_tile_size(cb_a));
            noc.write_zeros_l1_barrier();
        }
        cb_push_back(cb_a, 1);
    }
}
