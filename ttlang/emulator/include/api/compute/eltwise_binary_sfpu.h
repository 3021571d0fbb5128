// Binary SFPU operations between two DST tiles: odst = idst0 op idst1.
#pragma once

#include "api/compute/common.h"

namespace ckernel {

namespace detail {
TTEMU_ALWI void sfpu_binary(ttemu::abi::SfpuOp op, uint32_t idst0, uint32_t idst1, uint32_t odst) {
    ttemu::abi::sfpu(op, idst0, idst1, odst, 0);
}
}  // namespace detail

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void div_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    detail::sfpu_binary(ttemu::abi::SfpuOp::DivBinary, idst0, idst1, odst);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void mul_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    detail::sfpu_binary(ttemu::abi::SfpuOp::MulBinary, idst0, idst1, odst);
}
template <ckernel::DstRoundingMode dst_rounding_mode = ckernel::DstRoundingMode::Default,
          bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void add_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    detail::sfpu_binary(ttemu::abi::SfpuOp::AddBinary, idst0, idst1, odst);
}
template <ckernel::DstRoundingMode dst_rounding_mode = ckernel::DstRoundingMode::Default,
          bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void sub_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    detail::sfpu_binary(ttemu::abi::SfpuOp::SubBinary, idst0, idst1, odst);
}
template <ckernel::DstRoundingMode dst_rounding_mode = ckernel::DstRoundingMode::Default,
          bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void rsub_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    detail::sfpu_binary(ttemu::abi::SfpuOp::RsubBinary, idst0, idst1, odst);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void power_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    detail::sfpu_binary(ttemu::abi::SfpuOp::PowBinary, idst0, idst1, odst);
}
ALWI void div_binary_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void mul_binary_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void add_binary_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void sub_binary_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void rsub_binary_tile_init() { ttemu::abi::sfpu_init(); }
ALWI void power_binary_tile_init() { ttemu::abi::sfpu_init(); }

}  // namespace ckernel
