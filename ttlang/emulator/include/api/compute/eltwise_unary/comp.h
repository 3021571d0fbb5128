// v0.81.1 api/compute/eltwise_unary/comp.h: comparisons giving 1.0 / 0.0. Against zero
// (ltz, gtz, lez, gez, eqz, nez; ckernel_sfpu_comp.h calculate_comp): IEEE comparisons, -0.0 is
// zero, NaN compares false (nez: true). Against the scalar param0, the bits of an fp32 value
// (unary_ne / eq / gt / lt / ge / le; ckernel_sfpu_unary_comp.h): SFPI tests the sign and zero of
// the difference v - param0, so eq / ne / lt / ge read -0.0 - 0.0 = -0.0 as "less" and a NaN
// difference as positive (see compute.cpp). The integer variants need an integer DST, which the
// emulator does not have: they fault when called.
#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

ALWI void unary_ne_tile(uint32_t idst, uint32_t param0) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::UnaryNe, idst, param0);
}
ALWI void unary_ne_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void unary_ne_tile_int32(uint32_t idst, uint32_t param0) {
    ttemu::abi::not_emulated("unary_ne_tile_int32 (api/compute/eltwise_unary/comp.h)");
}

ALWI void unary_eq_tile(uint32_t idst, uint32_t param0) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::UnaryEq, idst, param0);
}
ALWI void unary_eq_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void unary_eq_tile_int32(uint32_t idst, uint32_t param0) {
    ttemu::abi::not_emulated("unary_eq_tile_int32 (api/compute/eltwise_unary/comp.h)");
}

ALWI void unary_gt_tile(uint32_t idst, uint32_t param0) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::UnaryGt, idst, param0);
}
ALWI void unary_gt_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void unary_gt_tile_int32(uint32_t idst, uint32_t param0) {
    ttemu::abi::not_emulated("unary_gt_tile_int32 (api/compute/eltwise_unary/comp.h)");
}

ALWI void unary_ge_tile(uint32_t idst, uint32_t param0) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::UnaryGe, idst, param0);
}
ALWI void unary_ge_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void unary_ge_tile_int32(uint32_t idst, uint32_t param0) {
    ttemu::abi::not_emulated("unary_ge_tile_int32 (api/compute/eltwise_unary/comp.h)");
}

ALWI void unary_lt_tile(uint32_t idst, uint32_t param0) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::UnaryLt, idst, param0);
}
ALWI void unary_lt_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void unary_lt_tile_int32(uint32_t idst, uint32_t param0) {
    ttemu::abi::not_emulated("unary_lt_tile_int32 (api/compute/eltwise_unary/comp.h)");
}

ALWI void unary_le_tile(uint32_t idst, uint32_t param0) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::UnaryLe, idst, param0);
}
ALWI void unary_le_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void unary_le_tile_int32(uint32_t idst, uint32_t param0) {
    ttemu::abi::not_emulated("unary_le_tile_int32 (api/compute/eltwise_unary/comp.h)");
}

ALWI void gtz_tile(uint32_t idst) { detail::sfpu_unary(ttemu::abi::SfpuOp::Gtz, idst); }
ALWI void gtz_tile_init() { ttemu::abi::sfpu_init(); }

ALWI void nez_tile(uint32_t idst) { detail::sfpu_unary(ttemu::abi::SfpuOp::Nez, idst); }
ALWI void nez_tile_init() { ttemu::abi::sfpu_init(); }

ALWI void gez_tile(uint32_t idst) { detail::sfpu_unary(ttemu::abi::SfpuOp::Gez, idst); }
ALWI void gez_tile_init() { ttemu::abi::sfpu_init(); }

ALWI void ltz_tile(uint32_t idst) { detail::sfpu_unary(ttemu::abi::SfpuOp::Ltz, idst); }
ALWI void ltz_tile_init() { ttemu::abi::sfpu_init(); }

ALWI void eqz_tile(uint32_t idst) { detail::sfpu_unary(ttemu::abi::SfpuOp::Eqz, idst); }
ALWI void eqz_tile_init() { ttemu::abi::sfpu_init(); }

ALWI void lez_tile(uint32_t idst) { detail::sfpu_unary(ttemu::abi::SfpuOp::Lez, idst); }
ALWI void lez_tile_init() { ttemu::abi::sfpu_init(); }

ALWI void gtz_tile_int32(uint32_t idst) { ttemu::abi::not_emulated("gtz_tile_int32 (api/compute/eltwise_unary/comp.h)"); }
ALWI void nez_tile_int32(uint32_t idst) { ttemu::abi::not_emulated("nez_tile_int32 (api/compute/eltwise_unary/comp.h)"); }
ALWI void gez_tile_int32(uint32_t idst) { ttemu::abi::not_emulated("gez_tile_int32 (api/compute/eltwise_unary/comp.h)"); }
ALWI void ltz_tile_int32(uint32_t idst) { ttemu::abi::not_emulated("ltz_tile_int32 (api/compute/eltwise_unary/comp.h)"); }
ALWI void eqz_tile_int32(uint32_t idst) { ttemu::abi::not_emulated("eqz_tile_int32 (api/compute/eltwise_unary/comp.h)"); }
ALWI void eqz_tile_uint16(uint32_t idst) { ttemu::abi::not_emulated("eqz_tile_uint16 (api/compute/eltwise_unary/comp.h)"); }
ALWI void eqz_tile_uint32(uint32_t idst) { ttemu::abi::not_emulated("eqz_tile_uint32 (api/compute/eltwise_unary/comp.h)"); }
ALWI void lez_tile_int32(uint32_t idst) { ttemu::abi::not_emulated("lez_tile_int32 (api/compute/eltwise_unary/comp.h)"); }
ALWI void nez_tile_uint16(uint32_t idst) { ttemu::abi::not_emulated("nez_tile_uint16 (api/compute/eltwise_unary/comp.h)"); }
ALWI void nez_tile_uint32(uint32_t idst) { ttemu::abi::not_emulated("nez_tile_uint32 (api/compute/eltwise_unary/comp.h)"); }

}  // namespace ckernel
