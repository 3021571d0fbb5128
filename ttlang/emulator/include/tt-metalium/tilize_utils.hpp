// Host-side layout conversions (v0.81.1 tt-metalium/tilize_utils.hpp, global namespace).
// TILED_NFACES is the device tile layout: tiles in row-major order over the tile grid, inside a
// tile faces 0 (top left), 1 (top right), 2 (bottom left), 3 (bottom right), each face row-major.
// TILED_SWIZZLED: tiles in row-major order, each tile row-major. Inputs may hold several matrices
// (a batch): the leading dimensions of the shape, or input.size() / (m * n) for tilize_nfaces.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tt_stl/span.hpp"

std::uint32_t round_up_to_mul16(std::uint32_t val);
std::uint32_t round_up_to_mul32(std::uint32_t val);
std::uint32_t round_up_to_tile(int val, int tile_val);

enum class TensorLayoutType {
    LIN_ROW_MAJOR = 0,   // standard row-major matrix
    TILED_SWIZZLED = 1,  // tiles row-major, each tile row-major
    TILED_NFACES = 2,    // tiles row-major, each tile as its faces, each face row-major
};
std::ostream& operator<<(std::ostream& os, TensorLayoutType layout);

using PhysicalSize = std::array<uint32_t, 2>;

namespace ttemu::host {

// Offset, inside a tile stored in `layout`, of element (r, c) of the tile.
inline size_t in_tile_offset(TensorLayoutType layout, uint32_t r, uint32_t c, const PhysicalSize& tile,
                             const PhysicalSize& face, bool transpose_within_face, bool transpose_of_faces) {
    if (layout == TensorLayoutType::TILED_SWIZZLED) return size_t(r) * tile[1] + c;
    const uint32_t faces_c = tile[1] / face[1], faces_r = tile[0] / face[0];
    uint32_t fr = r / face[0], fc = c / face[1];
    const uint32_t ir = r % face[0], ic = c % face[1];
    const uint32_t f = transpose_of_faces ? fc * faces_r + fr : fr * faces_c + fc;
    const size_t in_face = transpose_within_face ? size_t(ic) * face[0] + ir : size_t(ir) * face[1] + ic;
    return size_t(f) * face[0] * face[1] + in_face;
}

template <typename T>
std::vector<T> convert_layout_2d(tt::stl::Span<const T> data, uint64_t batch, uint32_t rows, uint32_t cols,
                                 TensorLayoutType in_layout, TensorLayoutType out_layout,
                                 std::optional<PhysicalSize> tile_shape, std::optional<PhysicalSize> face_shape,
                                 bool transpose_within_face, bool transpose_of_faces) {
    const PhysicalSize tile = tile_shape.value_or(PhysicalSize{32, 32});
    const PhysicalSize face = face_shape.value_or(PhysicalSize{16, 16});
    if (tile[0] == 0 || tile[1] == 0 || face[0] == 0 || face[1] == 0 || tile[0] % face[0] || tile[1] % face[1])
        throw std::invalid_argument("convert_layout: the face shape must divide the tile shape");
    if (data.size() != batch * rows * cols)
        throw std::invalid_argument("convert_layout: " + std::to_string(data.size()) + " values do not fill the shape");
    if (in_layout == out_layout) return std::vector<T>(data.begin(), data.end());
    const bool tiled_in = in_layout != TensorLayoutType::LIN_ROW_MAJOR;
    const bool tiled_out = out_layout != TensorLayoutType::LIN_ROW_MAJOR;
    if (rows % tile[0] || cols % tile[1])
        throw std::invalid_argument("convert_layout: a " + std::to_string(rows) + "x" + std::to_string(cols) +
                                    " matrix is not a whole number of " + std::to_string(tile[0]) + "x" +
                                    std::to_string(tile[1]) + " tiles");
    std::vector<T> out(data.size());
    const uint32_t tiles_c = cols / tile[1];
    const size_t tile_hw = size_t(tile[0]) * tile[1];
    // Position of matrix element (r, c) of matrix b in a layout.
    auto position = [&](TensorLayoutType layout, bool tiled, uint64_t b, uint32_t r, uint32_t c) -> size_t {
        const size_t base = size_t(b) * rows * cols;
        if (!tiled) return base + size_t(r) * cols + c;
        const size_t t = size_t(r / tile[0]) * tiles_c + c / tile[1];
        return base + t * tile_hw +
               in_tile_offset(layout, r % tile[0], c % tile[1], tile, face, transpose_within_face, transpose_of_faces);
    };
    for (uint64_t b = 0; b < batch; ++b)
        for (uint32_t r = 0; r < rows; ++r)
            for (uint32_t c = 0; c < cols; ++c)
                out[position(out_layout, tiled_out, b, r, c)] = data[position(in_layout, tiled_in, b, r, c)];
    return out;
}

}  // namespace ttemu::host

template <typename T>
std::vector<T> convert_layout(
    tt::stl::Span<const T> data,
    const PhysicalSize& shape,
    TensorLayoutType inL,
    TensorLayoutType outL,
    std::optional<PhysicalSize> tile_shape = std::nullopt,
    std::optional<PhysicalSize> face_shape = std::nullopt,
    bool transpose_within_face = false,
    bool transpose_of_faces = false) {
    const uint64_t hw = uint64_t(shape[0]) * shape[1];
    if (hw == 0 || data.size() % hw)
        throw std::invalid_argument("convert_layout: " + std::to_string(data.size()) + " values are not a whole number of " +
                                    std::to_string(shape[0]) + "x" + std::to_string(shape[1]) + " matrices");
    return ttemu::host::convert_layout_2d<T>(data, data.size() / hw, shape[0], shape[1], inL, outL, tile_shape,
                                             face_shape, transpose_within_face, transpose_of_faces);
}

template <typename T>
std::vector<T> convert_layout(
    tt::stl::Span<const T> data,
    tt::stl::Span<const uint32_t> shape,
    TensorLayoutType inL,
    TensorLayoutType outL,
    std::optional<PhysicalSize> tile_shape = std::nullopt,
    std::optional<PhysicalSize> face_shape = std::nullopt,
    bool transpose_within_face = false,
    bool transpose_of_faces = false) {
    if (shape.empty()) throw std::invalid_argument("convert_layout: empty shape");
    const uint32_t cols = shape.back();
    const uint32_t rows = shape.size() >= 2 ? shape[shape.size() - 2] : 1;
    uint64_t batch = 1;
    for (size_t i = 0; i + 2 < shape.size(); ++i) batch *= shape[i];
    return ttemu::host::convert_layout_2d<T>(data, batch, rows, cols, inL, outL, tile_shape, face_shape,
                                             transpose_within_face, transpose_of_faces);
}

namespace ttemu::host {
template <typename T>
std::vector<T> layout_mxn(const std::vector<T>& input, uint32_t m, uint32_t n, TensorLayoutType in, TensorLayoutType out,
                          const char* fn) {
    const uint64_t hw = uint64_t(m) * n;
    if (input.empty() || hw == 0 || input.size() % hw)
        throw std::invalid_argument(std::string(fn) + ": " + std::to_string(input.size()) +
                                    " values are not a whole number of " + std::to_string(m) + "x" + std::to_string(n) +
                                    " matrices");
    return convert_layout_2d<T>(tt::stl::Span<const T>(input.data(), input.size()), input.size() / hw, m, n, in, out,
                                std::nullopt, std::nullopt, false, false);
}
}  // namespace ttemu::host

// Row-major m x n (times a batch) -> tiles of four 16x16 faces, and back.
template <typename T>
std::vector<T> tilize_nfaces(const std::vector<T>& input, uint32_t m, uint32_t n) {
    return ttemu::host::layout_mxn(input, m, n, TensorLayoutType::LIN_ROW_MAJOR, TensorLayoutType::TILED_NFACES,
                                   "tilize_nfaces");
}
template <typename T>
std::vector<T> untilize_nfaces(const std::vector<T>& input, uint32_t m, uint32_t n) {
    return ttemu::host::layout_mxn(input, m, n, TensorLayoutType::TILED_NFACES, TensorLayoutType::LIN_ROW_MAJOR,
                                   "untilize_nfaces");
}
// Row-major m x n -> row-major 32x32 tiles, and back.
template <typename T>
std::vector<T> tilize_swizzled(const std::vector<T>& input, uint32_t m, uint32_t n) {
    return ttemu::host::layout_mxn(input, m, n, TensorLayoutType::LIN_ROW_MAJOR, TensorLayoutType::TILED_SWIZZLED,
                                   "tilize_swizzled");
}
template <typename T>
std::vector<T> untilize_swizzled(const std::vector<T>& input, uint32_t m, uint32_t n) {
    return ttemu::host::layout_mxn(input, m, n, TensorLayoutType::TILED_SWIZZLED, TensorLayoutType::LIN_ROW_MAJOR,
                                   "untilize_swizzled");
}
