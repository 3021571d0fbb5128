// typecast_tile<Float32, Float16_b> on each A tile copied into DST (fp32 DST): the values are
// rounded to bfloat16 in DST, and packed to the output's format. Runtime arg 2: 1 applies the
// Float32 -> Float16_b cast, 0 the Float16_b -> Float32 one (no SFPU work in v0.81.1).
#include <cstdint>
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/eltwise_unary/typecast.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
    const uint32_t n = get_arg_val<uint32_t>(0);
    const uint32_t to_bf16 = get_arg_val<uint32_t>(2);
    constexpr auto cb_in = tt::CBIndex::c_0;
    constexpr auto cb_out = tt::CBIndex::c_16;
    constexpr uint32_t f32 = static_cast<uint32_t>(DataFormat::Float32);
    constexpr uint32_t bf16 = static_cast<uint32_t>(DataFormat::Float16_b);
    compute_kernel_hw_startup(cb_in, cb_out);
    copy_init(cb_in);
    if (to_bf16) typecast_tile_init<f32, bf16>();
    else typecast_tile_init<bf16, f32>();
    for (uint32_t i = 0; i < n; ++i) {
        cb_wait_front(cb_in, 1);
        tile_regs_acquire();
        copy_tile(cb_in, 0, 0);
        if (to_bf16) typecast_tile<f32, bf16>(0);
        else typecast_tile<bf16, f32>(0);
        tile_regs_commit();
        cb_reserve_back(cb_out, 1);
        tile_regs_wait();
        pack_tile(0, cb_out);
        tile_regs_release();
        cb_push_back(cb_out, 1);
        cb_pop_front(cb_in, 1);
    }
}
