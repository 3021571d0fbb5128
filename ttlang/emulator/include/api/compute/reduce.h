// Reductions (v0.81.1 api/compute/reduce.h): sum / average / max of a tile along rows, columns or
// both, weighted by a scaler tile, accumulated into DST. reduce_init also programs the packer to
// write only the result datums (zero elsewhere) until reduce_uninit. The exact arithmetic, and
// which scaler datums are used, is documented in ttemu/src/compute_ops.cpp.
#pragma once

#include <cstdint>

#include "api/compute/common.h"

namespace ckernel {

namespace detail {
template <PoolType reduce_type>
constexpr ttemu::abi::PoolOp pool_op() {
    static_assert(reduce_type != PoolType::MIN,
                  "The FPU reduce has no MIN: the hardware provides GMPOOL (max) and GAPOOL (average) only.");
    return reduce_type == PoolType::SUM ? ttemu::abi::PoolOp::Sum
           : reduce_type == PoolType::AVG ? ttemu::abi::PoolOp::Avg
                                          : ttemu::abi::PoolOp::Max;
}
template <ReduceDim reduce_dim>
constexpr ttemu::abi::ReduceAxis reduce_axis() {
    return reduce_dim == ReduceDim::REDUCE_ROW   ? ttemu::abi::ReduceAxis::Row
           : reduce_dim == ReduceDim::REDUCE_COL ? ttemu::abi::ReduceAxis::Col
                                                 : ttemu::abi::ReduceAxis::Scalar;
}
}  // namespace detail

template <PoolType reduce_type, ReduceDim reduce_dim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void reduce_init(
    std::uint32_t icb, std::uint32_t icb_scaler, std::uint32_t ocb, std::uint32_t call_line = __builtin_LINE()) {
    ttemu::abi::reduce_init(detail::pool_op<reduce_type>(), detail::reduce_axis<reduce_dim>(), icb, icb_scaler, ocb);
}

// Resets the packer's edge mask to pass everything through.
ALWI void reduce_uninit(std::uint32_t icb = 0) { ttemu::abi::reduce_uninit(); }

template <PoolType reduce_type, ReduceDim reduce_dim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void reduce_tile(
    std::uint32_t icb, std::uint32_t icb_scaler, std::uint32_t itile, std::uint32_t itile_scaler, std::uint32_t idst) {
    ttemu::abi::reduce_tile(detail::pool_op<reduce_type>(), detail::reduce_axis<reduce_dim>(), icb, icb_scaler, itile,
                            itile_scaler, idst);
}

template <PoolType reduce_type, ReduceDim reduce_dim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void reduce_block(
    std::uint32_t icb,
    std::uint32_t icb_scaler,
    std::uint32_t start_itile,
    std::uint32_t itile_scaler,
    std::uint32_t start_idst,
    std::uint32_t ntiles) {
    for (std::uint32_t i = 0; i < ntiles; ++i)
        reduce_tile<reduce_type, reduce_dim, is_fp32_dest_acc_en>(icb, icb_scaler, start_itile + i, itile_scaler,
                                                                  start_idst + i);
}

}  // namespace ckernel
