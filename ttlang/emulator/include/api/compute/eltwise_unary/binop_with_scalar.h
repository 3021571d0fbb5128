// Tile-with-scalar arithmetic on DST; the scalar is passed as the bits of an fp32 value.
#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

ALWI void binop_with_scalar_tile_init() { ttemu::abi::sfpu_init(); }
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void add_unary_tile(uint32_t idst, uint32_t param1) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::AddScalar, idst, param1);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void sub_unary_tile(uint32_t idst, uint32_t param1) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::SubScalar, idst, param1);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void mul_unary_tile(uint32_t idst, uint32_t param1) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::MulScalar, idst, param1);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void div_unary_tile(uint32_t idst, uint32_t param1) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::DivScalar, idst, param1);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void rsub_unary_tile(uint32_t idst, uint32_t param1) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::RsubScalar, idst, param1);
}

}  // namespace ckernel
