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
TTEMU_ALWI void sfpu_unary(ttemu::abi::SfpuOp op, uint32_t idst, uint32_t param = 0, bool approx = false) {
    ttemu::abi::sfpu(op, idst, 0, 0, param, approx);
}
}  // namespace detail

}  // namespace ckernel
