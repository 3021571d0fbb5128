// Reads (write = 0) or writes (write = 1) `n` transfers of `bytes` between this core's c_0 page
// and the same address on the core at NoC (x, y), back to back, then waits once.
#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const uint32_t n = get_arg_val<uint32_t>(0);
    const uint32_t bytes = get_arg_val<uint32_t>(1);
    const uint32_t x = get_arg_val<uint32_t>(2), y = get_arg_val<uint32_t>(3);
    const uint32_t write = get_arg_val<uint32_t>(4);
    const uint32_t l1 = get_write_ptr(tt::CBIndex::c_0);
    const uint64_t other = get_noc_addr(x, y, l1);
    if (write) {
        for (uint32_t i = 0; i < n; i++) noc_async_write(l1, other, bytes);
        noc_async_write_barrier();
    } else {
        for (uint32_t i = 0; i < n; i++) noc_async_read(other, l1, bytes);
        noc_async_read_barrier();
    }
}
