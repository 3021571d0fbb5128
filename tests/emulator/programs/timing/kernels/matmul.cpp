// One output tile: the sum over k of c_0[k] x c_1[k] in DST, packed into c_16.
#include <cstdint>
#include "api/compute/matmul.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/reg_api.h"
#include "api/compute/pack.h"
#include "api/compute/cb_api.h"

void kernel_main() {
    const uint32_t k = get_arg_val<uint32_t>(0);
    constexpr auto in0 = tt::CBIndex::c_0, in1 = tt::CBIndex::c_1, out = tt::CBIndex::c_16;
    compute_kernel_hw_startup(in0, in1, out);
    matmul_init(in0, in1);
    cb_wait_front(in0, k);
    cb_wait_front(in1, k);
    tile_regs_acquire();
    for (uint32_t i = 0; i < k; i++) matmul_tiles(in0, in1, i, i, 0);
    tile_regs_commit();
    cb_reserve_back(out, 1);
    tile_regs_wait();
    pack_tile(0, out);
    tile_regs_release();
    cb_push_back(out, 1);
}
