// c_16[i] = c_0[i] + c_1[i] for i < n, one tile at a time through DST (eltwise binary on the FPU).
#include <cstdint>
#include "api/compute/eltwise_binary.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/reg_api.h"
#include "api/compute/pack.h"
#include "api/compute/cb_api.h"

void kernel_main() {
    const uint32_t n = get_arg_val<uint32_t>(0);
    constexpr auto in0 = tt::CBIndex::c_0, in1 = tt::CBIndex::c_1, out = tt::CBIndex::c_16;
    compute_kernel_hw_startup(in0, in1, out);
    add_init(in0, in1);
    cb_wait_front(in0, n);
    cb_wait_front(in1, n);
    for (uint32_t i = 0; i < n; i++) {
        tile_regs_acquire();
        add_tiles(in0, in1, i, i, 0);
        tile_regs_commit();
        cb_reserve_back(out, 1);
        tile_regs_wait();
        pack_tile(0, out);
        tile_regs_release();
        cb_push_back(out, 1);
    }
}
