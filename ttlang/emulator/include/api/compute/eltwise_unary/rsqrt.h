#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

enum class RsqrtMode : uint8_t { Default = 0, Fast = 1 };

ALWI void rsqrt_tile_init() { ttemu::abi::sfpu_init(); }
template <RsqrtMode mode = RsqrtMode::Default, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void rsqrt_tile(uint32_t idst) {
    detail::sfpu_unary(ttemu::abi::SfpuOp::Rsqrt, idst, 0, mode == RsqrtMode::Fast);
}

}  // namespace ckernel
