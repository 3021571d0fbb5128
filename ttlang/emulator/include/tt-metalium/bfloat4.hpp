// Bfp4_b tiles on the host (v0.81.1 tt-metalium/bfloat4.hpp, global namespace). Each 32x32 tile
// is 16 words of shared exponents (one byte per 16-value face row, faces in order) followed by 128
// words of sign-magnitude 4-bit datums (8 per word, the first in the low bits). The conversion is
// tt-metal's host conversion (see ttemu/src/tile.hpp: bfp_host_encode / bfp_host_decode), which
// rounds differently from the device packer. Only Bfp4_b (is_exp_a = false) and 32x32 tiles.
#pragma once

#include <bit>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <vector>

#include "tt-metalium/bfloat16.hpp"
#include "tt-metalium/tile.hpp"
#include "tt_stl/span.hpp"

namespace ttemu::host {
// Packs fp32 bit patterns (a whole number of 32x32 tiles; row-major within each tile if
// row_major_input, else in face order) into Bfp4_b tiles.
std::vector<uint32_t> pack_bfp4_b_tiles(const uint32_t* fp32_bits, size_t count, bool row_major_input,
                                        bool is_exp_a, const std::optional<tt::tt_metal::Tile>& tile);
}  // namespace ttemu::host

template <typename T>
std::vector<uint32_t> pack_as_bfp4_tiles(
    tt::stl::Span<const T> data,
    bool row_major_input,
    bool is_exp_a,
    const std::optional<tt::tt_metal::Tile>& tile = std::nullopt) {
    std::vector<uint32_t> bits(data.size());
    for (size_t i = 0; i < data.size(); ++i) {
        if constexpr (std::is_same_v<T, float>) {
            bits[i] = std::bit_cast<uint32_t>(data[i]);
        } else {
            bits[i] = std::bit_cast<uint32_t>(static_cast<float>(data[i]));
        }
    }
    return ttemu::host::pack_bfp4_b_tiles(bits.data(), bits.size(), row_major_input, is_exp_a, tile);
}

std::vector<float> unpack_bfp4_tiles_into_float_vec(
    tt::stl::Span<const uint32_t> bfp_tiles,
    bool row_major_output,
    bool is_exp_a,
    const std::optional<tt::tt_metal::Tile>& tile = std::nullopt);
