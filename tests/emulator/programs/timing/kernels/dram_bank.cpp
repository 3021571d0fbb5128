// Reads `n` pages of DRAM bank `bank` (pages bank, bank + 12, ... of an interleaved buffer over 12
// banks) back to back into one L1 page, then waits once.
#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const uint32_t addr = get_arg_val<uint32_t>(0);
    const uint32_t n = get_arg_val<uint32_t>(1);
    const uint32_t bank = get_arg_val<uint32_t>(2);
    constexpr uint32_t cb = tt::CBIndex::c_0;
    const uint32_t page_bytes = get_tile_size(cb);
    constexpr auto args = TensorAccessorArgs<0>();
    const auto src = TensorAccessor(args, addr, page_bytes);
    const uint32_t l1 = get_write_ptr(cb);
    for (uint32_t i = 0; i < n; i++) noc_async_read_page(bank + 12 * i, src, l1);
    noc_async_read_barrier();
}
