// sin_tile / cos_tile / tan_tile (api/compute/eltwise_unary/trigonometry.h) of each A tile, copied
// into DST: runtime arg 2 picks the function (0 sin, 1 cos, 2 tan).
#include <cstdint>
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/eltwise_unary/trigonometry.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
    const uint32_t n = get_arg_val<uint32_t>(0);
    const uint32_t fn = get_arg_val<uint32_t>(2);
    constexpr auto cb_in = tt::CBIndex::c_0;
    constexpr auto cb_out = tt::CBIndex::c_16;
    compute_kernel_hw_startup(cb_in, cb_out);
    copy_init(cb_in);
    if (fn == 0) sin_tile_init();
    else if (fn == 1) cos_tile_init();
    else tan_tile_init();
    for (uint32_t i = 0; i < n; ++i) {
        cb_wait_front(cb_in, 1);
        tile_regs_acquire();
        copy_tile(cb_in, 0, 0);
        if (fn == 0) sin_tile(0);
        else if (fn == 1) cos_tile(0);
        else tan_tile(0);
        tile_regs_commit();
        cb_reserve_back(cb_out, 1);
        tile_regs_wait();
        pack_tile(0, cb_out);
        tile_regs_release();
        cb_push_back(cb_out, 1);
        cb_pop_front(cb_in, 1);
    }
}
