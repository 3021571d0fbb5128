// An FPU add of the A and B tiles, then an integer add: add_int_sfpu.h is declared with its
// v0.81.1 signatures but not emulated (DST holds no integers), so the JIT compile stops at the
// call with one line naming the function and its header (tile_ops' common reader and writer).
#include <cstdint>
#include "api/compute/add_int_sfpu.h"
#include "api/compute/eltwise_binary.h"
#include "api/compute/tile_move_copy.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/reg_api.h"
#include "api/compute/pack.h"
#include "api/compute/cb_api.h"

void kernel_main() {
    uint32_t n_tiles = get_arg_val<uint32_t>(0);
    constexpr auto cb_in0 = tt::CBIndex::c_0;
    constexpr auto cb_in1 = tt::CBIndex::c_1;
    constexpr auto cb_out0 = tt::CBIndex::c_16;

    compute_kernel_hw_startup(cb_in0, cb_in1, cb_out0);
    add_init(cb_in0, cb_in1);
    for (uint32_t i = 0; i < n_tiles; i++) {
        cb_wait_front(cb_in0, 1);
        cb_wait_front(cb_in1, 1);
        tile_regs_acquire();
        add_tiles(cb_in0, cb_in1, 0, 0, 0);
        add_tiles(cb_in0, cb_in1, 0, 0, 1);
        add_int_tile<DataFormat::Int32>(0, 1, 0);  // NOT EMULATED
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
