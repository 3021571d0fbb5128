// v0.81.1 api/compute/eltwise_unary/log1p.h: declared with its v0.81.1 signatures (TT-NN's kernel_lib includes it whatever
// the op) but not emulated yet: a kernel that calls a template here fails to compile at the
// call, one that calls a non-template faults when it runs, with "ttemu: <function> (<header>)
// is not emulated".
#pragma once

#include "api/compute/common_globals.h"
#include "ttemu/kernel_abi.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

template <bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void log1p_tile_init() {
    TTEMU_NOT_EMULATED("log1p_tile_init", "api/compute/eltwise_unary/log1p.h", fast_and_approx, is_fp32_dest_acc_en);
}

template <bool fast_and_approx = false, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void log1p_tile(uint32_t idst) {
    TTEMU_NOT_EMULATED("log1p_tile", "api/compute/eltwise_unary/log1p.h", fast_and_approx, is_fp32_dest_acc_en);
}

}  // namespace ckernel
