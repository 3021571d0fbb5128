#pragma once

#include "api/compute/common.h"

namespace ckernel {

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
[[deprecated(
    "Use compute_kernel_hw_startup(icb, ocb) once at kernel start, then copy_init(icb). This will be removed after "
    "20-09-2026.")]] ALWI void
unary_op_init_common(uint32_t icb, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    ttemu::abi::compute_hw_startup(icb, icb, ocb);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
[[deprecated(
    "Use compute_kernel_hw_startup(icb, ocb) once at kernel start, then copy_init(icb). This will be removed after "
    "20-09-2026.")]] ALWI void
init_sfpu(uint32_t icb, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    ttemu::abi::compute_hw_startup(icb, icb, ocb);
}

namespace detail {
// The faces an SFPU op's VectorMode processes (tt-llk's _llk_math_eltwise_sfpu_apply_vector_mode_):
// RC all four; R faces 0 and 1 (a row vector: the tile's first 16 rows); C faces 0 and 2 (a
// column vector: its first 16 columns); any other mode one pass over face 0.
TTEMU_ALWI uint8_t vector_mode_faces(VectorMode mode) {
    return mode == VectorMode::RC ? 0xF : mode == VectorMode::R ? 0x3 : mode == VectorMode::C ? 0x5 : 0x1;
}
TTEMU_ALWI void sfpu_unary(ttemu::abi::SfpuOp op, uint32_t idst, uint32_t param = 0, bool approx = false,
                           VectorMode mode = VectorMode::RC) {
    ttemu::abi::sfpu(op, idst, 0, 0, param, approx, vector_mode_faces(mode));
}
}  // namespace detail

}  // namespace ckernel
