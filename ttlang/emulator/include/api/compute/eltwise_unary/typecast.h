// v0.81.1 api/compute/eltwise_unary/typecast.h: typecast_tile<IN_DTYPE, OUT_DTYPE>(idst) converts
// the DST tile idst from one data format to another, with the real template parameters.
//
// Between the float formats (Float32, Float16_b, Bfp8_b, Bfp4_b) the one SFPU kernel is
// Float32 -> Float16_b (tt-llk _calculate_typecast_fp32_to_fp16b_: round to nearest even on the
// bits, in DST); every other float pair is left to the unpacker and packer, as in v0.81.1 (no SFPU
// work: the packer writes the output CB's format). A conversion from or to an integer format
// needs an integer DST, which the emulator does not have: a kernel that instantiates one fails to
// compile at the call ("ttemu: typecast_tile (...) is not emulated").
#pragma once

#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "ttemu/unimplemented.h"

namespace ttemu::detail {
constexpr bool typecast_float_format(DataFormat f) {
    return f == DataFormat::Float32 || f == DataFormat::Float16_b || f == DataFormat::Bfp8_b ||
           f == DataFormat::Bfp4_b;
}
}  // namespace ttemu::detail

namespace ckernel {

template <uint32_t IN_DTYPE, uint32_t OUT_DTYPE, bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void typecast_tile(uint32_t idst) {
    constexpr auto in_format = static_cast<DataFormat>(IN_DTYPE);
    constexpr auto out_format = static_cast<DataFormat>(OUT_DTYPE);
    if constexpr (!ttemu::detail::typecast_float_format(in_format) || !ttemu::detail::typecast_float_format(out_format)) {
        TTEMU_NOT_EMULATED("typecast_tile to or from an integer format", "api/compute/eltwise_unary/typecast.h",
                           IN_DTYPE, OUT_DTYPE);
    } else if constexpr (in_format == DataFormat::Float32 && out_format == DataFormat::Float16_b) {
        ttemu::abi::sfpu_ext(ttemu::abi::SfpuOp::TypecastFp32ToFp16b, idst, 0, 0, idst, 0, 0, 0,
                             ttemu::abi::kSfpuRoundBf16);
    }
    // Every other pair of float formats: nothing for the SFPU to do (the unpacker and the packer
    // convert), as in v0.81.1.
}

template <uint32_t IN_DTYPE, uint32_t OUT_DTYPE>
ALWI void typecast_tile_init() {
    constexpr auto in_format = static_cast<DataFormat>(IN_DTYPE);
    constexpr auto out_format = static_cast<DataFormat>(OUT_DTYPE);
    if constexpr (!ttemu::detail::typecast_float_format(in_format) || !ttemu::detail::typecast_float_format(out_format)) {
        TTEMU_NOT_EMULATED("typecast_tile_init to or from an integer format", "api/compute/eltwise_unary/typecast.h",
                           IN_DTYPE, OUT_DTYPE);
    } else {
        ttemu::abi::sfpu_init();
    }
}

}  // namespace ckernel
