// Writes one L1 page to `n` pages of DRAM bank 0 (pages 0, 12, 24, ... of an interleaved buffer
// over 12 banks) back to back, then waits once for their acknowledgements.
#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const uint32_t addr = get_arg_val<uint32_t>(0);
    const uint32_t n = get_arg_val<uint32_t>(1);
    constexpr uint32_t cb = tt::CBIndex::c_0;
    const uint32_t page_bytes = get_tile_size(cb);
    constexpr auto args = TensorAccessorArgs<0>();
    const auto dst = TensorAccessor(args, addr, page_bytes);
    const uint32_t l1 = get_read_ptr(cb);
    for (uint32_t i = 0; i < n; i++) noc_async_write_page(12 * i, dst, l1);
    noc_async_write_barrier();
}
