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
ALWI void sigmoid_tile_init() { ttemu::abi::sfpu_init(); }
template <VectorMode vec_mode = VectorMode::RC, bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void sigmoid_tile(uint32_t idst) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Sigmoid, idst, 0, fast_and_approx);
}
ALWI void silu_tile_init() { ttemu::abi::sfpu_init(); }
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void silu_tile(uint32_t idst) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Silu, idst);
}
template <bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void tanh_tile_init() { ttemu::abi::sfpu_init(); }
template <bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void tanh_tile(uint32_t idst) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Tanh, idst, 0, fast_and_approx);
}
ALWI void square_tile_init() { ttemu::abi::sfpu_init(); }
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void square_tile(uint32_t idst) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Square, idst);
}
template <bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void log_tile_init() { ttemu::abi::sfpu_init(); }
template <bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void log_tile(uint32_t idst) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Log, idst, 0, fast_and_approx);
}
ALWI void abs_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void abs_tile(uint32_t idst) { detail::sfpu_unary(ttemu::abi::SfpuOp::Abs, idst); }

// SFPU reduce of DST tiles in place (fp32 arithmetic): REDUCE_COL (one tile) leaves the column
// results in row 0, REDUCE_ROW the row results in column 0 (of the first tile of each block row
// when ct_dim > 1). ttemu implements the float formats (Float32, Float16_b).
#define SFPU_REDUCE_SUPPORTED_FORMATS "Float32, Int32, UInt32, UInt16, Float16_b"
constexpr bool sfpu_reduce_format_supported(DataFormat format) {
    return format == DataFormat::Float32 || format == DataFormat::Int32 || format == DataFormat::UInt32 ||
           format == DataFormat::UInt16 || format == DataFormat::Float16_b;
}

template <
    PoolType pool_type,
    DataFormat format,
    ReduceDim reduce_dim = ReduceDim::REDUCE_COL,
    bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void sfpu_reduce(uint32_t idst, uint32_t ct_dim = 1, uint32_t rt_dim = 1) {
    static_assert(
        reduce_dim == ReduceDim::REDUCE_COL ||
            (reduce_dim == ReduceDim::REDUCE_ROW &&
             (pool_type == PoolType::SUM || pool_type == PoolType::MAX || pool_type == PoolType::MIN)),
        "Only column reduction (REDUCE_COL) is supported for all pool types; row reduction (REDUCE_ROW) is only "
        "supported for SUM, MAX and MIN");
    static_assert(sfpu_reduce_format_supported(format),
                  "Unsupported data format. Supported formats: " SFPU_REDUCE_SUPPORTED_FORMATS);
    static_assert(format == DataFormat::Float32 || format == DataFormat::Float16_b,
                  "ttemu: the integer SFPU reduce is not implemented");
    ttemu::abi::sfpu_reduce(pool_type == PoolType::SUM   ? ttemu::abi::PoolOp::Sum
                            : pool_type == PoolType::AVG ? ttemu::abi::PoolOp::Avg
                            : pool_type == PoolType::MAX ? ttemu::abi::PoolOp::Max
                                                         : ttemu::abi::PoolOp::Min,
                            reduce_dim == ReduceDim::REDUCE_COL ? ttemu::abi::ReduceAxis::Col : ttemu::abi::ReduceAxis::Row,
                            idst, ct_dim, rt_dim);
}

template <PoolType pool_type, DataFormat format, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void sfpu_reduce_init() {
    static_assert(sfpu_reduce_format_supported(format),
                  "Unsupported data format. Supported formats: " SFPU_REDUCE_SUPPORTED_FORMATS);
}

// sign: -1.0, 0.0 or 1.0 (ckernel_sfpu_sign.h; both zeros give 0.0).
ALWI void sign_tile(uint32_t idst) {
    ttemu::abi::sfpu_ext(ttemu::abi::SfpuOp::Sign, idst, 0, 0, idst, 0, 0, 0, 0);
}
ALWI void sign_tile_init() { ttemu::abi::sfpu_init(); }

// x ** param0, param0 the exponent as float bits (calculate_unary_power).
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void power_tile(uint32_t idst, uint32_t param0) {
    ttemu::abi::sfpu_ext(ttemu::abi::SfpuOp::PowerScalar, idst, 0, 0, idst, param0, 0, 0,
                         is_fp32_dest_acc_en ? 0 : ttemu::abi::kSfpuRoundBf16);
}
ALWI void power_tile_init() { ttemu::abi::sfpu_init(); }

// x ** param0, param0 a non-negative integer, by repeated multiplication
// (calculate_unary_power_iterative).
ALWI void power_iterative_tile(uint32_t idst, uint32_t param0) {
    ttemu::abi::sfpu_ext(ttemu::abi::SfpuOp::PowerIterative, idst, 0, 0, idst, param0, 0, 0, 0);
}
ALWI void power_iterative_tile_init() { ttemu::abi::sfpu_init(); }

}  // namespace ckernel
