// Tile transpose (v0.81.1 api/compute/transpose.h): DST[idst] = A^T. The unpacker swaps faces 1
// and 2 and transposes each face (32-bit data goes straight to DST and is transposed there).
#pragma once

#include <cstdint>

#include "api/compute/common.h"

namespace ckernel {

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void transpose_init(uint32_t icb, uint32_t call_line = __builtin_LINE()) {
    ttemu::abi::unpack_a_init(icb, true, true, "transpose_init");
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void transpose_tile(uint32_t icb, uint32_t itile, uint32_t idst) {
    ttemu::abi::transpose_tile(icb, itile, idst);
}

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void transpose_block(uint32_t icb, uint32_t start_itile, uint32_t start_idst, uint32_t ntiles) {
    for (uint32_t i = 0; i < ntiles; ++i) ttemu::abi::transpose_tile(icb, start_itile + i, start_idst + i);
}

}  // namespace ckernel
