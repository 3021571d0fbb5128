// The eltwise_binary writer, but it first spins until the reader's flag is set, calling
// invalidate_l1_cache() in the loop as a polling kernel must (on hardware, so the next read does
// not hit a stale cache line; in the emulator, so the other threads run meanwhile).
#include <cstdint>
#include "api/dataflow/dataflow_api.h"

// The emulator's JIT defines the architecture's macro as the real build does (Wormhole here).
#if !defined(ARCH_WORMHOLE) || defined(ARCH_BLACKHOLE)
#error "ARCH_WORMHOLE is not defined"
#endif

void kernel_main() {
    uint32_t c_addr = get_arg_val<uint32_t>(0);
    uint32_t n_tiles = get_arg_val<uint32_t>(1);
    constexpr uint32_t cb_out0 = tt::CBIndex::c_16;
    const uint32_t tile_bytes = get_tile_size(cb_out0);
    constexpr auto c_args = TensorAccessorArgs<0>();
    const auto c = TensorAccessor(c_args, c_addr, tile_bytes);
    volatile tt_l1_ptr uint32_t* flag = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(get_semaphore(0));
    while (*flag != 0x600D) {
        invalidate_l1_cache();  // POLL
    }
    for (uint32_t i = 0; i < n_tiles; i++) {
        cb_wait_front(cb_out0, 1);
        noc_async_write_page(i, c, get_read_ptr(cb_out0));
        noc_async_write_barrier();
        cb_pop_front(cb_out0, 1);
    }
}
