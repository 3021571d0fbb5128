// The eltwise_binary compute kernel writing its result to c_40, beyond Wormhole's 32 circular
// buffers (c_0..c_31). Run with the eltwise_binary host (which configures c_16, not c_40), the
// first use of c_40 faults in a kernel; run with eltwise_binary_config out_cb=40, the host's
// CircularBufferConfig for c_40 is rejected. The test locates the faulty calls by their "FAULT"
// marker comments.
#include <cstdint>
#include "api/compute/eltwise_binary.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/reg_api.h"
#include "api/compute/pack.h"
#include "api/compute/cb_api.h"

void kernel_main() {
    uint32_t n_tiles = get_arg_val<uint32_t>(0);
    constexpr auto cb_in0 = tt::CBIndex::c_0;
    constexpr auto cb_in1 = tt::CBIndex::c_1;
    constexpr auto cb_out0 = tt::CBIndex::c_40;

    compute_kernel_hw_startup(cb_in0, cb_in1, cb_out0);  // FAULT
    add_init(cb_in0, cb_in1);
    for (uint32_t i = 0; i < n_tiles; i++) {
        cb_wait_front(cb_in0, 1);
        cb_wait_front(cb_in1, 1);
        tile_regs_acquire();
        add_tiles(cb_in0, cb_in1, 0, 0, 0);
        tile_regs_commit();
        cb_pop_front(cb_in0, 1);
        cb_pop_front(cb_in1, 1);
        cb_reserve_back(cb_out0, 1);
        tile_regs_wait();
        pack_tile(0, cb_out0);
        tile_regs_release();
        cb_push_back(cb_out0, 1);
    }
}
