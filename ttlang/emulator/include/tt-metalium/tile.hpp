// tt::tt_metal::Tile: the shape of a tile and of its faces. The emulator implements 32x32 tiles of
// four 16x16 faces; other shapes are accepted here and refused where data is converted.
#pragma once

#include <array>
#include <cstdint>

#include "tt-metalium/constants.hpp"

namespace tt::tt_metal {

class Tile {
public:
    Tile(std::array<uint32_t, 2> tile_shape = {constants::TILE_HEIGHT, constants::TILE_WIDTH}, bool transpose_tile = false)
        : tile_shape_(tile_shape),
          face_shape_({tile_shape[0] < constants::FACE_HEIGHT ? tile_shape[0] : constants::FACE_HEIGHT,
                        constants::FACE_WIDTH}),
          transpose_(transpose_tile) {}
    Tile(std::array<uint32_t, 2> tile_shape, std::array<uint32_t, 2> face_shape, bool transpose_tile = false)
        : tile_shape_(tile_shape), face_shape_(face_shape), transpose_(transpose_tile) {}

    const std::array<uint32_t, 2>& get_tile_shape() const { return tile_shape_; }
    const std::array<uint32_t, 2>& get_face_shape() const { return face_shape_; }
    uint32_t get_height() const { return tile_shape_[0]; }
    uint32_t get_width() const { return tile_shape_[1]; }
    uint32_t get_num_faces() const {
        return (tile_shape_[0] / face_shape_[0]) * (tile_shape_[1] / face_shape_[1]);
    }
    uint32_t get_tile_hw() const { return tile_shape_[0] * tile_shape_[1]; }
    uint32_t get_face_hw() const { return face_shape_[0] * face_shape_[1]; }
    bool get_transpose_within_face() const { return transpose_; }
    bool get_transpose_of_faces() const { return transpose_; }
    bool operator==(const Tile&) const = default;

private:
    std::array<uint32_t, 2> tile_shape_;
    std::array<uint32_t, 2> face_shape_;
    bool transpose_;
};

}  // namespace tt::tt_metal
