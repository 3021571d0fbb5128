// Multicasts `n` transfers of `bytes` from this core's c_0 page to the same address on the cores
// of the rectangle (x0, y0)-(x1, y1) (NoC coordinates), `count` of them, then waits once.
#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const uint32_t n = get_arg_val<uint32_t>(0);
    const uint32_t bytes = get_arg_val<uint32_t>(1);
    const uint32_t x0 = get_arg_val<uint32_t>(2), y0 = get_arg_val<uint32_t>(3);
    const uint32_t x1 = get_arg_val<uint32_t>(4), y1 = get_arg_val<uint32_t>(5);
    const uint32_t count = get_arg_val<uint32_t>(6);
    const uint32_t l1 = get_write_ptr(tt::CBIndex::c_0);
    const uint64_t dst = get_noc_multicast_addr(x0, y0, x1, y1, l1);
    for (uint32_t i = 0; i < n; i++) noc_async_write_multicast(l1, dst, bytes, count);
    noc_async_write_barrier();
}
