// The SFPU ops of where.h, comp.h, softplus.h, activations.h, cbrt.h, erf_erfc.h, mask.h, elu.h and
// lerp.h, compute_kernel_api.h's sign and power, identity.h, clamp.h, threshold.h, log1p.h and
// typecast.h on each A tile
// copied into DST 0. Runtime arg 2 picks the op, args 3..5 are its params (fp32 bits):
//   0 / 1   where_tile<fmt>(0, 1, 2, 3 / 0): A ? B : -A (DST 1 = B, DST 2 = -A), packed from 3 / 0
//   2..7    ltz gtz lez gez eqz nez          8..13  unary_ne eq gt lt ge le (param0 = arg 3)
//   14      softplus (beta, 1/beta, threshold)   15 hardsigmoid   16 softsign
//   17      celu (alpha, 1/alpha)   18 softshrink (lambda)   19 hardshrink (lambda)
//   20      cbrt   21 erf   22 erfc   23 softplus_tile_pack   24 hardsigmoid_tile_pack
//   25      cbrt_tile<false> (is_fp32_dest_acc_en false: the LLK rounds to bfloat16)
//   26 / 27 mask_tile(0, 1) (Float16_b default / DataFormat::Float16), the mask B in DST 1
//   28      mask_posinf_tile(0, 1)   29 mask_tile(0, 2): DST 2 = -B, but the LLK reads DST 1 anyway
//   30      elu_tile<fp32>(0, alpha)   31 elu_tile<false>(0, alpha) (rounds to bfloat16)
//   32 / 33 lerp_tile<fmt, fp32>(0, 1, 2, 3 / 0): DST 0 = A (input), 1 = B tile 0 (end), 2 = B tile 1
//           (weight); B holds two tiles
//   34      sign   35 power (exponent = param0, float bits)   36 power_iterative (param0 an integer)
//   37      identity   38 clamp (param0, param1)   39 threshold (param0, param1)   40 log1p
//   41 / 42 typecast_tile<Float32, Float16_b> / <Float16_b, Float32>
//   43      the compute descriptors: times 2 if DST_SYNC_MODE is SyncFull (dst_full_sync_en), else 1
// INP_FLOAT32 (a define, as TT-NN's program factories set it for Float32 inputs): where_tile's
// data format is Float32 (else Float16_b), softplus takes its fp32 path.
#include <cstdint>
#include "api/compute/compute_kernel_api.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/eltwise_unary/activations.h"
#include "api/compute/eltwise_unary/binop_with_scalar.h"
#include "api/compute/eltwise_unary/cbrt.h"
#include "api/compute/eltwise_unary/clamp.h"
#include "api/compute/eltwise_unary/comp.h"
#include "api/compute/eltwise_unary/elu.h"
#include "api/compute/eltwise_unary/erf_erfc.h"
#include "api/compute/eltwise_unary/identity.h"
#include "api/compute/eltwise_unary/lerp.h"
#include "api/compute/eltwise_unary/log1p.h"
#include "api/compute/eltwise_unary/negative.h"
#include "api/compute/eltwise_unary/softplus.h"
#include "api/compute/eltwise_unary/threshold.h"
#include "api/compute/eltwise_unary/typecast.h"
#include "api/compute/eltwise_unary/where.h"
#include "api/compute/mask.h"
#include "api/compute/tile_move_copy.h"

// The macro tests of tt-metal's kernel_lib/dest_helpers.hpp must hold: DST_SYNC_MODE is a macro,
// and one UCK_CHLKC_* thread macro is defined.
#if !defined(DST_SYNC_MODE)
#error "DST_SYNC_MODE is not a macro"
#endif
#if !defined(UCK_CHLKC_UNPACK) && !defined(UCK_CHLKC_MATH) && !defined(UCK_CHLKC_PACK)
#error "no UCK_CHLKC_* thread macro"
#endif

void kernel_main() {
    const uint32_t n = get_arg_val<uint32_t>(0);
    const uint32_t op = get_arg_val<uint32_t>(2);
    const uint32_t p0 = get_arg_val<uint32_t>(3);
    const uint32_t p1 = get_arg_val<uint32_t>(4);
    const uint32_t p2 = get_arg_val<uint32_t>(5);
#ifdef INP_FLOAT32
    constexpr bool fp32 = true;
#else
    constexpr bool fp32 = false;
#endif
    constexpr auto cb_a = tt::CBIndex::c_0;
    constexpr auto cb_b = tt::CBIndex::c_1;
    constexpr auto cb_out = tt::CBIndex::c_16;
    constexpr uint32_t f32 = static_cast<uint32_t>(DataFormat::Float32);
    constexpr uint32_t f16b = static_cast<uint32_t>(DataFormat::Float16_b);
    compute_kernel_hw_startup(cb_a, cb_out);
    copy_init(cb_a);
    switch (op) {
        case 0:
        case 1: where_tile_init(); negative_tile_init(); break;
        case 2: ltz_tile_init(); break;
        case 3: gtz_tile_init(); break;
        case 4: lez_tile_init(); break;
        case 5: gez_tile_init(); break;
        case 6: eqz_tile_init(); break;
        case 7: nez_tile_init(); break;
        case 8: unary_ne_tile_init(); break;
        case 9: unary_eq_tile_init(); break;
        case 10: unary_gt_tile_init(); break;
        case 11: unary_lt_tile_init(); break;
        case 12: unary_ge_tile_init(); break;
        case 13: unary_le_tile_init(); break;
        case 14: softplus_tile_init(); break;
        case 15: hardsigmoid_tile_init(); break;
        case 16: softsign_tile_init(); break;
        case 17: celu_tile_init(); break;
        case 18: softshrink_tile_init(); break;
        case 19: hardshrink_tile_init(); break;
        case 20:
        case 25: cbrt_tile_init(); break;
        case 21: erf_tile_init(); break;
        case 22: erfc_tile_init(); break;
        case 23: softplus_tile_init_pack(); break;
        case 26:
        case 27:
        case 28:
        case 29: mask_tile_init(); negative_tile_init(); break;
        case 30:
        case 31: elu_tile_init(); break;
        case 32:
        case 33: lerp_tile_init(); break;
        case 24: hardsigmoid_tile_init_pack(); break;
        case 34: sign_tile_init(); break;
        case 35: power_tile_init(); break;
        case 36: power_iterative_tile_init(); break;
        case 37: identity_tile_init(); break;
        case 38: clamp_tile_init(); break;
        case 39: threshold_tile_init(); break;
        case 40: log1p_tile_init(); break;
        case 41: typecast_tile_init<f32, f16b>(); break;
        case 42: typecast_tile_init<f16b, f32>(); break;
        case 43: binop_with_scalar_tile_init(); break;
        default: break;
    }
    for (uint32_t i = 0; i < n; ++i) {
        cb_wait_front(cb_a, 1);
        tile_regs_acquire();
        copy_tile(cb_a, 0, 0);
        uint32_t out = 0;
        switch (op) {
            case 0:
            case 1:
                cb_wait_front(cb_b, 1);
                copy_init(cb_b);
                copy_tile(cb_b, 0, 1);
                copy_init(cb_a);
                copy_tile(cb_a, 0, 2);
                negative_tile(2);
                out = op == 0 ? 3 : 0;
                where_tile<fp32 ? DataFormat::Float32 : DataFormat::Float16_b>(0, 1, 2, out);
                cb_pop_front(cb_b, 1);
                break;
            case 2: ltz_tile(0); break;
            case 3: gtz_tile(0); break;
            case 4: lez_tile(0); break;
            case 5: gez_tile(0); break;
            case 6: eqz_tile(0); break;
            case 7: nez_tile(0); break;
            case 8: unary_ne_tile(0, p0); break;
            case 9: unary_eq_tile(0, p0); break;
            case 10: unary_gt_tile(0, p0); break;
            case 11: unary_lt_tile(0, p0); break;
            case 12: unary_ge_tile(0, p0); break;
            case 13: unary_le_tile(0, p0); break;
            case 14: softplus_tile(0, p0, p1, p2); break;
            case 15: hardsigmoid_tile(0); break;
            case 16: softsign_tile(0); break;
            case 17: celu_tile(0, p0, p1); break;
            case 18: softshrink_tile(0, p0); break;
            case 19: hardshrink_tile(0, p0); break;
            case 20: cbrt_tile(0); break;
            case 21: erf_tile(0); break;
            case 22: erfc_tile(0); break;
            case 26:
            case 27:
            case 28:
            case 29:
                cb_wait_front(cb_b, 1);
                copy_init(cb_b);
                copy_tile(cb_b, 0, 1);
                copy_tile(cb_b, 0, 2);
                negative_tile(2);
                if (op == 26) mask_tile(0, 1);
                if (op == 27) mask_tile(0, 1, DataFormat::Float16);
                if (op == 28) mask_posinf_tile(0, 1);
                if (op == 29) mask_tile(0, 2);
                copy_init(cb_a);
                cb_pop_front(cb_b, 1);
                break;
            case 30: elu_tile<fp32>(0, p0); break;
            case 31: elu_tile<false>(0, p0); break;
            case 32:
            case 33:
                cb_wait_front(cb_b, 2);
                copy_init(cb_b);
                copy_tile(cb_b, 0, 1);
                copy_tile(cb_b, 1, 2);
                copy_init(cb_a);
                out = op == 32 ? 3 : 0;
                lerp_tile<fp32 ? DataFormat::Float32 : DataFormat::Float16_b, fp32>(0, 1, 2, out);
                cb_pop_front(cb_b, 2);
                break;
            case 25: cbrt_tile<false>(0); break;
            case 34: sign_tile(0); break;
            case 35: power_tile(0, p0); break;
            case 36: power_iterative_tile(0, p0); break;
            case 37: identity_tile(0); break;
            case 38: clamp_tile(0, p0, p1); break;
            case 39: threshold_tile(0, p0, p1); break;
            case 40: log1p_tile(0); break;
            case 41: typecast_tile<f32, f16b>(0); break;
            case 42: typecast_tile<f16b, f32>(0); break;
            case 43: mul_unary_tile(0, DST_SYNC_MODE == DstSync::SyncFull ? 0x40000000u /* 2.0 */ : 0x3f800000u /* 1.0 */); break;
            default: break;
        }
        tile_regs_commit();
        cb_reserve_back(cb_out, 1);
        tile_regs_wait();
        if (op == 23) softplus_tile_pack(0, p0, p1, p2);
        if (op == 24) hardsigmoid_tile_pack(0);
        pack_tile(out, cb_out);
        tile_regs_release();
        cb_push_back(cb_out, 1);
        cb_pop_front(cb_a, 1);
    }
}
