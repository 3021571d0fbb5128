// v0.81.1 api/compute/eltwise_unary/selu.h: declared with its v0.81.1 signatures (TT-NN's kernel_lib includes it whatever
// the op) but not emulated yet: a kernel that calls a template here fails to compile at the
// call, one that calls a non-template faults when it runs, with "ttemu: <function> (<header>)
// is not emulated".
#pragma once

#include "api/compute/common_globals.h"
#include "ttemu/kernel_abi.h"
#include "ttemu/unimplemented.h"

namespace ckernel {

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void selu_tile(uint32_t idst, uint32_t scale, uint32_t alpha) {
    TTEMU_NOT_EMULATED("selu_tile", "api/compute/eltwise_unary/selu.h", is_fp32_dest_acc_en);
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void selu_tile_pack(uint32_t idst, uint32_t scale, uint32_t alpha) {
    TTEMU_NOT_EMULATED("selu_tile_pack", "api/compute/eltwise_unary/selu.h", is_fp32_dest_acc_en);
}

ALWI void selu_tile_init() { ttemu::abi::not_emulated("selu_tile_init (api/compute/eltwise_unary/selu.h)"); }

ALWI void selu_tile_init_pack() { ttemu::abi::not_emulated("selu_tile_init_pack (api/compute/eltwise_unary/selu.h)"); }

}  // namespace ckernel
