// A 4 x 2 output subblock over k tiles of K with matmul_block: in0 is a 4 x k block of c_0, in1 a
// k x 2 block of c_1; the unpacker keeps one operand tile across the subblock's longer side, as
// TT-NN's production matmul does. The 8 output tiles are packed into c_16.
#include <cstdint>
#include "api/compute/matmul.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/reg_api.h"
#include "api/compute/pack.h"
#include "api/compute/cb_api.h"

void kernel_main() {
    const uint32_t k = get_arg_val<uint32_t>(0);
    constexpr uint32_t rt = 4, ct = 2;
    constexpr auto in0 = tt::CBIndex::c_0, in1 = tt::CBIndex::c_1, out = tt::CBIndex::c_16;
    compute_kernel_hw_startup(in0, in1, out);
    matmul_block_init(in0, in1, 0, ct, rt, k);
    cb_wait_front(in0, rt * k);
    cb_wait_front(in1, k * ct);
    tile_regs_acquire();
    for (uint32_t i = 0; i < k; i++) matmul_block(in0, in1, i, i * ct, 0, 0, ct, rt, k);
    tile_regs_commit();
    cb_reserve_back(out, rt * ct);
    tile_regs_wait();
    for (uint32_t i = 0; i < rt * ct; i++) pack_tile(i, out);
    tile_regs_release();
    cb_push_back(out, rt * ct);
}
