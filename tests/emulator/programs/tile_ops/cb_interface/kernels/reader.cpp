// Reads the tiles of A into c_0 (a CB of as many pages as A has tiles) as the wheel's unary reader
// does, with the page size from get_local_cb_interface(c_0).fifo_page_size, and checks the other
// words of the interface against the CB calls: the FIFO's pages and bytes, its bounds, the write
// pointer after a reserve and the page counters. A mismatch writes zeros instead of the tile.
#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const uint32_t a_addr = get_arg_val<uint32_t>(0);
    const uint32_t a_tiles = get_arg_val<uint32_t>(1);
    constexpr uint32_t cb_a = tt::CBIndex::c_0;
    constexpr auto a_args = TensorAccessorArgs<0>();
    const uint32_t page_bytes = get_local_cb_interface(cb_a).fifo_page_size;
    const auto a = TensorAccessor(a_args, a_addr, page_bytes);
    for (uint32_t i = 0; i < a_tiles; ++i) {
        cb_reserve_back(cb_a, 1);
        const LocalCBInterface& cb = get_local_cb_interface(cb_a);
        const bool ok = cb.fifo_page_size == uint32_t(get_tile_size(cb_a)) && cb.fifo_num_pages == a_tiles &&
                        cb.fifo_size == a_tiles * page_bytes && cb.fifo_wr_ptr == get_write_ptr(cb_a) &&
                        cb.fifo_limit == cb.fifo_wr_ptr + (a_tiles - i) * page_bytes && cb.tiles_received == i &&
                        cb.tiles_acked == 0;
        if (ok) {
            noc_async_read_page(i, a, get_write_ptr(cb_a));
            noc_async_read_barrier();
        } else {
            for (uint32_t w = 0; w < page_bytes / 4; ++w) reinterpret_cast<volatile uint32_t*>(uintptr_t(get_write_ptr(cb_a)))[w] = 0;
        }
        cb_push_back(cb_a, 1);
    }
}
