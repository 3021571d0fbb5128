// Unary SFPU operations declared in compute_kernel_api.h in v0.81.1 (sigmoid, silu, tanh, square,
// log, abs), plus the headers a compute kernel usually needs.
#pragma once

#include "api/compute/cb_api.h"
#include "api/compute/common.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/pack.h"
#include "api/compute/reconfig_data_format.h"
#include "api/compute/reg_api.h"
#include "api/compute/tile_move_copy.h"

namespace ckernel {

template <bool fast_and_approx = false>
ALWI void sigmoid_tile_init() {}
template <VectorMode vec_mode = VectorMode::RC, bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void sigmoid_tile(uint32_t idst) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Sigmoid, idst);
}
ALWI void silu_tile_init() {}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void silu_tile(uint32_t idst) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Silu, idst);
}
template <bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void tanh_tile_init() {}
template <bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void tanh_tile(uint32_t idst) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Tanh, idst);
}
ALWI void square_tile_init() {}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void square_tile(uint32_t idst) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Square, idst);
}
template <bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void log_tile_init() {}
template <bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void log_tile(uint32_t idst) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Log, idst);
}
ALWI void abs_tile_init() {}
ALWI void abs_tile(uint32_t idst) { detail::sfpu_unary(ttemu::abi::SfpuOp::Abs, idst); }

}  // namespace ckernel
