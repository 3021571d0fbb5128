// v0.81.1 api/compute/eltwise_unary/snake_beta.h: declared with its v0.81.1 signatures (TT-NN's kernel_lib includes it whatever
// the op) but not emulated yet: a kernel that calls a template here fails to compile at the
// call, one that calls a non-template faults when it runs, with "ttemu: <function> (<header>)
// is not emulated".
#pragma once

#include "api/compute/common_globals.h"
#include "ttemu/kernel_abi.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

template <DataFormat data_format, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void snake_beta_tile(uint32_t idst_x, uint32_t idst_alpha, uint32_t idst_beta, uint32_t idst_out) {
    TTEMU_NOT_EMULATED("snake_beta_tile", "api/compute/eltwise_unary/snake_beta.h", data_format, is_fp32_dest_acc_en);
}

ALWI void snake_beta_tile_init() { ttemu::abi::not_emulated("snake_beta_tile_init (api/compute/eltwise_unary/snake_beta.h)"); }

}  // namespace ckernel
