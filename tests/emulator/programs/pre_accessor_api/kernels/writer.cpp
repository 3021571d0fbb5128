// The eltwise_binary writer through an InterleavedAddrGenFast with an explicit tile_hw (a 32x32
// tile, the default) and noc_async_write_tile.
#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    uint32_t c_addr = get_arg_val<uint32_t>(0);
    uint32_t n_tiles = get_arg_val<uint32_t>(1);
    constexpr uint32_t cb_out0 = tt::CBIndex::c_16;
    constexpr auto c_args = TensorAccessorArgs<0>();
    const InterleavedAddrGenFast<c_args.is_dram, 32 * 32> c = {
        .bank_base_address = c_addr, .page_size = get_tile_size(cb_out0), .data_format = get_dataformat(cb_out0)};
    for (uint32_t i = 0; i < n_tiles; i++) {
        cb_wait_front(cb_out0, 1);
        noc_async_write_tile(i, c, get_read_ptr(cb_out0));
        noc_async_write_barrier();
        cb_pop_front(cb_out0, 1);
    }
}
