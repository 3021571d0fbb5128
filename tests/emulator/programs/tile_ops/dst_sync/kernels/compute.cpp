// The compute descriptors a kernel sees: each A tile times 2 if DST_SYNC_MODE is SyncFull
// (ComputeConfig::dst_full_sync_en), times 1 if SyncHalf. The macro tests of tt-metal's
// kernel_lib/dest_helpers.hpp must hold: DST_SYNC_MODE is a macro, and one UCK_CHLKC_* thread
// macro is defined.
#include <cstdint>
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/eltwise_unary/binop_with_scalar.h"
#include "api/compute/tile_move_copy.h"

#if !defined(DST_SYNC_MODE)
#error "DST_SYNC_MODE is not a macro"
#endif
#if !defined(UCK_CHLKC_UNPACK) && !defined(UCK_CHLKC_MATH) && !defined(UCK_CHLKC_PACK)
#error "no UCK_CHLKC_* thread macro"
#endif

void kernel_main() {
    const uint32_t n = get_arg_val<uint32_t>(0);
    constexpr auto cb_in = tt::CBIndex::c_0;
    constexpr auto cb_out = tt::CBIndex::c_16;
    constexpr uint32_t factor = DST_SYNC_MODE == DstSync::SyncFull ? 0x40000000u /* 2.0 */ : 0x3f800000u /* 1.0 */;
    compute_kernel_hw_startup(cb_in, cb_out);
    copy_init(cb_in);
    binop_with_scalar_tile_init();
    for (uint32_t i = 0; i < n; ++i) {
        cb_wait_front(cb_in, 1);
        tile_regs_acquire();
        copy_tile(cb_in, 0, 0);
        mul_unary_tile(0, factor);
        tile_regs_commit();
        cb_reserve_back(cb_out, 1);
        tile_regs_wait();
        pack_tile(0, cb_out);
        tile_regs_release();
        cb_push_back(cb_out, 1);
        cb_pop_front(cb_in, 1);
    }
}
