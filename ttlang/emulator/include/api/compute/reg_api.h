#pragma once

#include "api/compute/common_globals.h"

namespace ckernel {

ALWI void acquire_dst() { ttemu::abi::acquire_dst(); }
ALWI void tile_regs_acquire() { ttemu::abi::tile_regs_acquire(); }
ALWI void tile_regs_wait() { ttemu::abi::tile_regs_wait(); }
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void release_dst() {
    ttemu::abi::release_dst();
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void tile_regs_commit() {
    ttemu::abi::tile_regs_commit();
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void tile_regs_release() {
    ttemu::abi::tile_regs_release();
}

}  // namespace ckernel
