// v0.81.1 api/compute/eltwise_unary/where.h: odst = idst0 != 0 ? idst1 : idst2, per datum, on the
// bits (tt-llk sfpu/ckernel_sfpu_where.h: SFPSETCC EQ0 on the condition as loaded, LO16 for
// Float16_b, INT32 otherwise; so a -0.0 condition selects the true value).
#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {

template <DataFormat data_format>
ALWI void where_tile(uint32_t idst0, uint32_t idst1, uint32_t idst2, uint32_t odst) {
    static_assert(
        data_format == DataFormat::Float32 || data_format == DataFormat::Float16_b || data_format == DataFormat::Int32 ||
            data_format == DataFormat::UInt32,
        "Unsupported data format for _calculate_where_(). Only Float32, Int32, UInt32, and Float16_b are allowed.");
    ttemu::abi::sfpu_ext(ttemu::abi::SfpuOp::Where, idst0, idst1, idst2, odst, 0, 0, 0, 0);
}

ALWI void where_tile_init() { ttemu::abi::sfpu_init(); }

}  // namespace ckernel
