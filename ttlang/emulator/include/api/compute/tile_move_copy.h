#pragma once

#include "api/compute/common.h"

namespace ckernel {

template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void copy_init(
    std::uint32_t cbid,
    std::uint32_t transpose = 0,
    std::uint32_t transpose_within_16x16_face = false,
    std::uint32_t call_line = __builtin_LINE()) {
    // transpose: the unpacker swaps faces 1 and 2; transpose_within_16x16_face: it transposes each
    // face (both: copy_tile transposes the tile).
    ttemu::abi::unpack_a_init(cbid, transpose != 0, transpose_within_16x16_face != 0, "copy_init");
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void copy_tile(std::uint32_t in_cb_id, std::uint32_t in_tile_index, std::uint32_t dst_tile_index) {
    ttemu::abi::copy_tile(in_cb_id, in_tile_index, dst_tile_index);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void copy_block(
    std::uint32_t in_cb_id, std::uint32_t start_in_tile_index, std::uint32_t start_dst_tile_index, std::uint32_t ntiles) {
    for (std::uint32_t i = 0; i < ntiles; ++i)
        ttemu::abi::copy_tile(in_cb_id, start_in_tile_index + i, start_dst_tile_index + i);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
[[deprecated("Renamed to copy_init(). This will be removed after 20-09-2026.")]] ALWI void copy_tile_init(
    std::uint32_t cbid, std::uint32_t call_line = __builtin_LINE()) {
    ttemu::abi::unpack_a_init(cbid, false, false, "copy_tile_init");
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
[[deprecated("Renamed to copy_init(). This will be removed after 20-09-2026.")]] ALWI void copy_tile_to_dst_init_short(
    std::uint32_t cbid,
    std::uint32_t transpose = 0,
    std::uint32_t transpose_within_16x16_face = false,
    std::uint32_t call_line = __builtin_LINE()) {
    ttemu::abi::unpack_a_init(cbid, transpose != 0, transpose_within_16x16_face != 0, "copy_tile_to_dst_init_short");
}

}  // namespace ckernel
