// exp_tile / recip_tile with a VectorMode (runtime arg 2: 0 RC, 1 R, 2 C; arg 3: 0 exp, 1 recip)
// on each A tile copied into DST: the faces the mode does not select keep their values.
#include <cstdint>
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/eltwise_unary/exp.h"
#include "api/compute/eltwise_unary/recip.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
    const uint32_t n = get_arg_val<uint32_t>(0);
    const uint32_t m = get_arg_val<uint32_t>(2);
    const uint32_t fn = get_arg_val<uint32_t>(3);
    const VectorMode mode = m == 0 ? VectorMode::RC : m == 1 ? VectorMode::R : VectorMode::C;
    constexpr auto cb_in = tt::CBIndex::c_0;
    constexpr auto cb_out = tt::CBIndex::c_16;
    compute_kernel_hw_startup(cb_in, cb_out);
    copy_init(cb_in);
    if (fn == 0) exp_tile_init();
    else recip_tile_init();
    for (uint32_t i = 0; i < n; ++i) {
        cb_wait_front(cb_in, 1);
        tile_regs_acquire();
        copy_tile(cb_in, 0, 0);
        if (fn == 0) exp_tile(0, mode);
        else recip_tile(0, mode);
        tile_regs_commit();
        cb_reserve_back(cb_out, 1);
        tile_regs_wait();
        pack_tile(0, cb_out);
        tile_regs_release();
        cb_push_back(cb_out, 1);
        cb_pop_front(cb_in, 1);
    }
}
