// identity_tile, clamp_tile, threshold_tile, log1p_tile on each A tile copied into DST. Runtime
// arg 2: 0 identity, 1 clamp, 2 threshold, 3 log1p; args 3 and 4: the two float-bit params.
#include <cstdint>
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/eltwise_unary/clamp.h"
#include "api/compute/eltwise_unary/identity.h"
#include "api/compute/eltwise_unary/log1p.h"
#include "api/compute/eltwise_unary/threshold.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
    const uint32_t n = get_arg_val<uint32_t>(0);
    const uint32_t op = get_arg_val<uint32_t>(2);
    const uint32_t p0 = get_arg_val<uint32_t>(3);
    const uint32_t p1 = get_arg_val<uint32_t>(4);
    constexpr auto cb_in = tt::CBIndex::c_0;
    constexpr auto cb_out = tt::CBIndex::c_16;
    compute_kernel_hw_startup(cb_in, cb_out);
    copy_init(cb_in);
    if (op == 0) identity_tile_init();
    else if (op == 1) clamp_tile_init();
    else if (op == 2) threshold_tile_init();
    else log1p_tile_init();
    for (uint32_t i = 0; i < n; ++i) {
        cb_wait_front(cb_in, 1);
        tile_regs_acquire();
        copy_tile(cb_in, 0, 0);
        if (op == 0) identity_tile(0);
        else if (op == 1) clamp_tile(0, p0, p1);
        else if (op == 2) threshold_tile(0, p0, p1);
        else log1p_tile(0);
        tile_regs_commit();
        cb_reserve_back(cb_out, 1);
        tile_regs_wait();
        pack_tile(0, cb_out);
        tile_regs_release();
        cb_push_back(cb_out, 1);
        cb_pop_front(cb_in, 1);
    }
}
