// Broadcast binary operations (v0.81.1 api/compute/bcast.h): C = A op B', where B' broadcasts
// column 0 of B (COL: C[h][w] = A[h][w] op B[h][0]), a row of B (ROW: C[h][w] = A[h][w] op
// B[bcast_row_idx][w], row 0 by default) or B[0][0] (SCALAR). Multiplication runs at the kernel's
// math fidelity. See ttemu/src/compute_ops.cpp for how the unpacker and FPU do it.
#pragma once

#include <cstdint>

#include "api/compute/common.h"

namespace ckernel {

namespace detail {
template <BroadcastType b>
constexpr ttemu::abi::Bcast bcast_kind() {
    return b == BroadcastType::COL      ? ttemu::abi::Bcast::Col
           : b == BroadcastType::ROW    ? ttemu::abi::Bcast::Row
           : b == BroadcastType::SCALAR ? ttemu::abi::Bcast::Scalar
                                        : ttemu::abi::Bcast::None;
}
template <EltwiseBinaryType op>
constexpr ttemu::abi::BinaryOp bcast_op() {
    static_assert(op == EltwiseBinaryType::ELWADD || op == EltwiseBinaryType::ELWSUB || op == EltwiseBinaryType::ELWMUL,
                  "broadcast binary ops: ELWADD, ELWSUB and ELWMUL only");
    return op == EltwiseBinaryType::ELWADD ? ttemu::abi::BinaryOp::Add
           : op == EltwiseBinaryType::ELWSUB ? ttemu::abi::BinaryOp::Sub
                                             : ttemu::abi::BinaryOp::Mul;
}
TTEMU_ALWI void bcast_check(uint32_t icb0, uint32_t icb1, const char* fn) {
    ttemu::abi::op_init(icb0, icb1, fn);
}
}  // namespace detail

// Unary broadcast: DST[dst_tile_index] = B' (B = icb[in_tile_index]).
template <BroadcastType bcast_type, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void unary_bcast_init(uint32_t icb) {
    ttemu::abi::unpack_a_init(icb, false, false, "unary_bcast_init");
}
template <BroadcastType bcast_type, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void unary_bcast(uint32_t icb, uint32_t in_tile_index, uint32_t dst_tile_index) {
    ttemu::abi::unary_bcast(detail::bcast_kind<bcast_type>(), icb, in_tile_index, dst_tile_index);
}
template <BroadcastType bcast_type>
ALWI void unary_bcast_uninit(uint32_t icb) {}

template <EltwiseBinaryType tBcastOp, BroadcastType tBcastDim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void any_tiles_bcast(
    uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst, uint32_t bcast_row_idx = 0) {
    ttemu::abi::eltwise_binary_bcast(detail::bcast_op<tBcastOp>(), detail::bcast_kind<tBcastDim>(), icb0, icb1, itile0,
                                     itile1, idst, bcast_row_idx);
}

template <BroadcastType tBcastDim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void add_tiles_bcast(
    uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst, uint32_t bcast_row_idx = 0) {
    any_tiles_bcast<EltwiseBinaryType::ELWADD, tBcastDim>(icb0, icb1, itile0, itile1, idst, bcast_row_idx);
}
template <BroadcastType tBcastDim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void sub_tiles_bcast(
    uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst, uint32_t bcast_row_idx = 0) {
    any_tiles_bcast<EltwiseBinaryType::ELWSUB, tBcastDim>(icb0, icb1, itile0, itile1, idst, bcast_row_idx);
}
template <BroadcastType tBcastDim, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void mul_tiles_bcast(
    uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst, uint32_t bcast_row_idx = 0) {
    any_tiles_bcast<EltwiseBinaryType::ELWMUL, tBcastDim>(icb0, icb1, itile0, itile1, idst, bcast_row_idx);
}

// Shorthands.
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void add_tiles_bcast_rows(
    uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst, uint32_t bcast_row_idx = 0) {
    add_tiles_bcast<BroadcastType::ROW>(icb0, icb1, itile0, itile1, idst, bcast_row_idx);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void sub_tiles_bcast_rows(
    uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst, uint32_t bcast_row_idx = 0) {
    sub_tiles_bcast<BroadcastType::ROW>(icb0, icb1, itile0, itile1, idst, bcast_row_idx);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void mul_tiles_bcast_rows(
    uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst, uint32_t bcast_row_idx = 0) {
    mul_tiles_bcast<BroadcastType::ROW>(icb0, icb1, itile0, itile1, idst, bcast_row_idx);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void add_tiles_bcast_cols(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    add_tiles_bcast<BroadcastType::COL>(icb0, icb1, itile0, itile1, idst);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void sub_tiles_bcast_cols(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    sub_tiles_bcast<BroadcastType::COL>(icb0, icb1, itile0, itile1, idst);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void mul_tiles_bcast_cols(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    mul_tiles_bcast<BroadcastType::COL>(icb0, icb1, itile0, itile1, idst);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void add_tiles_bcast_scalar(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    add_tiles_bcast<BroadcastType::SCALAR>(icb0, icb1, itile0, itile1, idst);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void sub_tiles_bcast_scalar(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    sub_tiles_bcast<BroadcastType::SCALAR>(icb0, icb1, itile0, itile1, idst);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void mul_tiles_bcast_scalar(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    mul_tiles_bcast<BroadcastType::SCALAR>(icb0, icb1, itile0, itile1, idst);
}

// Inits (the unpacker and FPU configuration of each op/broadcast pair).
ALWI void add_bcast_rows_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    detail::bcast_check(icb0, icb1, "add_bcast_rows_init");
}
ALWI void sub_bcast_rows_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    detail::bcast_check(icb0, icb1, "sub_bcast_rows_init");
}
ALWI void mul_bcast_rows_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    detail::bcast_check(icb0, icb1, "mul_bcast_rows_init");
}
ALWI void add_bcast_cols_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    detail::bcast_check(icb0, icb1, "add_bcast_cols_init");
}
ALWI void sub_bcast_cols_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    detail::bcast_check(icb0, icb1, "sub_bcast_cols_init");
}
ALWI void mul_bcast_cols_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    detail::bcast_check(icb0, icb1, "mul_bcast_cols_init");
}
ALWI void add_bcast_scalar_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    detail::bcast_check(icb0, icb1, "add_bcast_scalar_init");
}
ALWI void sub_bcast_scalar_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    detail::bcast_check(icb0, icb1, "sub_bcast_scalar_init");
}
ALWI void mul_bcast_scalar_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    detail::bcast_check(icb0, icb1, "mul_bcast_scalar_init");
}
template <EltwiseBinaryType tBcastOp, BroadcastType tBcastDim>
ALWI void bcast_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    detail::bcast_op<tBcastOp>();
    detail::bcast_check(icb0, icb1, "bcast_init");
}

}  // namespace ckernel
