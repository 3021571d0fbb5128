#pragma once

#include "api/compute/common.h"

namespace ckernel {

template <bool full_init, EltwiseBinaryType eltwise_binary_type>
ALWI void binary_tiles_init(
    std::uint32_t icb0, std::uint32_t icb1, bool acc_to_dest = false, std::uint32_t call_line = __builtin_LINE()) {
    ttemu::abi::op_init(icb0, icb1, "binary_tiles_init");
}
ALWI void add_init(
    std::uint32_t icb0, std::uint32_t icb1, bool acc_to_dest = false, std::uint32_t call_line = __builtin_LINE()) {
    binary_tiles_init<true, EltwiseBinaryType::ELWADD>(icb0, icb1, acc_to_dest, call_line);
}
ALWI void sub_init(
    std::uint32_t icb0, std::uint32_t icb1, bool acc_to_dest = false, std::uint32_t call_line = __builtin_LINE()) {
    binary_tiles_init<true, EltwiseBinaryType::ELWSUB>(icb0, icb1, acc_to_dest, call_line);
}
ALWI void mul_init(
    std::uint32_t icb0, std::uint32_t icb1, bool acc_to_dest = true, std::uint32_t call_line = __builtin_LINE()) {
    binary_tiles_init<true, EltwiseBinaryType::ELWMUL>(icb0, icb1, acc_to_dest, call_line);
}
// The dest-reuse init and op are ckernel::detail in v0.81.1 as here; the public
// {add,sub,mul}_reuse_dest_{init,tiles} forward to them.
namespace detail {
template <EltwiseBinaryType eltwise_binary_type, EltwiseBinaryReuseDestType reuse_dest>
ALWI void binary_reuse_dest_init(std::uint32_t icb0, std::uint32_t call_line) {
    ttemu::abi::op_init(icb0, ttemu::abi::kNoCb, "binary_reuse_dest_init");
}
}  // namespace detail

template <EltwiseBinaryReuseDestType reuse_dest>
ALWI void add_reuse_dest_init(std::uint32_t icb, std::uint32_t call_line = __builtin_LINE()) {
    static_assert(
        reuse_dest != EltwiseBinaryReuseDestType::NONE,
        "reuse_dest must be DEST_TO_SRCA or DEST_TO_SRCB; for the two-operand op call add_init(icb0, icb1).");
    detail::binary_reuse_dest_init<EltwiseBinaryType::ELWADD, reuse_dest>(icb, call_line);
}
template <EltwiseBinaryReuseDestType reuse_dest>
ALWI void sub_reuse_dest_init(std::uint32_t icb, std::uint32_t call_line = __builtin_LINE()) {
    static_assert(
        reuse_dest != EltwiseBinaryReuseDestType::NONE,
        "reuse_dest must be DEST_TO_SRCA or DEST_TO_SRCB; for the two-operand op call sub_init(icb0, icb1).");
    detail::binary_reuse_dest_init<EltwiseBinaryType::ELWSUB, reuse_dest>(icb, call_line);
}
template <EltwiseBinaryReuseDestType reuse_dest>
ALWI void mul_reuse_dest_init(std::uint32_t icb, std::uint32_t call_line = __builtin_LINE()) {
    static_assert(
        reuse_dest != EltwiseBinaryReuseDestType::NONE,
        "reuse_dest must be DEST_TO_SRCA or DEST_TO_SRCB; for the two-operand op call mul_init(icb0, icb1).");
    detail::binary_reuse_dest_init<EltwiseBinaryType::ELWMUL, reuse_dest>(icb, call_line);
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void mul_tiles(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t itile0, std::uint32_t itile1, std::uint32_t idst) {
    ttemu::abi::eltwise_binary(ttemu::abi::BinaryOp::Mul, icb0, icb1, itile0, itile1, idst, ttemu::abi::ReuseDest::None);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void add_tiles(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t itile0, std::uint32_t itile1, std::uint32_t idst) {
    ttemu::abi::eltwise_binary(ttemu::abi::BinaryOp::Add, icb0, icb1, itile0, itile1, idst, ttemu::abi::ReuseDest::None);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void sub_tiles(std::uint32_t icb0, std::uint32_t icb1, std::uint32_t itile0, std::uint32_t itile1, std::uint32_t idst) {
    ttemu::abi::eltwise_binary(ttemu::abi::BinaryOp::Sub, icb0, icb1, itile0, itile1, idst, ttemu::abi::ReuseDest::None);
}

namespace detail {
TTEMU_ALWI ttemu::abi::BinaryOp binary_op(EltwiseBinaryType t) {
    return t == EltwiseBinaryType::ELWADD ? ttemu::abi::BinaryOp::Add
           : t == EltwiseBinaryType::ELWSUB ? ttemu::abi::BinaryOp::Sub
                                            : ttemu::abi::BinaryOp::Mul;
}

template <
    EltwiseBinaryType eltwise_binary_type,
    EltwiseBinaryReuseDestType reuse_dest,
    bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void binary_reuse_dest_tiles(std::uint32_t in_cb_id, std::uint32_t in_tile_index, std::uint32_t dst_tile_index) {
    static_assert(eltwise_binary_type == EltwiseBinaryType::ELWADD || eltwise_binary_type == EltwiseBinaryType::ELWSUB ||
                  eltwise_binary_type == EltwiseBinaryType::ELWMUL, "ttemu: add, sub and mul only");
    ttemu::abi::eltwise_binary(binary_op(eltwise_binary_type), in_cb_id, in_cb_id, in_tile_index, in_tile_index,
                               dst_tile_index,
                               reuse_dest == EltwiseBinaryReuseDestType::DEST_TO_SRCA ? ttemu::abi::ReuseDest::ToSrcA
                               : reuse_dest == EltwiseBinaryReuseDestType::DEST_TO_SRCB ? ttemu::abi::ReuseDest::ToSrcB
                                                                                        : ttemu::abi::ReuseDest::None);
}
}  // namespace detail

template <EltwiseBinaryReuseDestType reuse_dest, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void add_reuse_dest_tiles(std::uint32_t in_cb_id, std::uint32_t in_tile_index, std::uint32_t dst_tile_index) {
    detail::binary_reuse_dest_tiles<EltwiseBinaryType::ELWADD, reuse_dest, is_fp32_dest_acc_en>(
        in_cb_id, in_tile_index, dst_tile_index);
}
template <EltwiseBinaryReuseDestType reuse_dest, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void sub_reuse_dest_tiles(std::uint32_t in_cb_id, std::uint32_t in_tile_index, std::uint32_t dst_tile_index) {
    detail::binary_reuse_dest_tiles<EltwiseBinaryType::ELWSUB, reuse_dest, is_fp32_dest_acc_en>(
        in_cb_id, in_tile_index, dst_tile_index);
}
template <EltwiseBinaryReuseDestType reuse_dest, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void mul_reuse_dest_tiles(std::uint32_t in_cb_id, std::uint32_t in_tile_index, std::uint32_t dst_tile_index) {
    detail::binary_reuse_dest_tiles<EltwiseBinaryType::ELWMUL, reuse_dest, is_fp32_dest_acc_en>(
        in_cb_id, in_tile_index, dst_tile_index);
}

}  // namespace ckernel
