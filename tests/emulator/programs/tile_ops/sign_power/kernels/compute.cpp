// sign_tile / power_tile / power_iterative_tile (compute_kernel_api.h) on each A tile copied into
// DST. Runtime arg 2: 0 sign, 1 power (arg 3: the exponent's float bits), 2 power_iterative (arg
// 3: the integer exponent).
#include <cstdint>
#include "api/compute/compute_kernel_api.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
    const uint32_t n = get_arg_val<uint32_t>(0);
    const uint32_t op = get_arg_val<uint32_t>(2);
    const uint32_t param = get_arg_val<uint32_t>(3);
    constexpr auto cb_in = tt::CBIndex::c_0;
    constexpr auto cb_out = tt::CBIndex::c_16;
    compute_kernel_hw_startup(cb_in, cb_out);
    copy_init(cb_in);
    if (op == 0) sign_tile_init();
    else if (op == 1) power_tile_init();
    else power_iterative_tile_init();
    for (uint32_t i = 0; i < n; ++i) {
        cb_wait_front(cb_in, 1);
        tile_regs_acquire();
        copy_tile(cb_in, 0, 0);
        if (op == 0) sign_tile(0);
        else if (op == 1) power_tile(0, param);
        else power_iterative_tile(0, param);
        tile_regs_commit();
        cb_reserve_back(cb_out, 1);
        tile_regs_wait();
        pack_tile(0, cb_out);
        tile_regs_release();
        cb_push_back(cb_out, 1);
        cb_pop_front(cb_in, 1);
    }
}
