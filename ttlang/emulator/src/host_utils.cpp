// Host-side helpers of the TT-Metalium API that programs use around the device: bfloat16
// (bfloat16.hpp), layout helpers (tilize_utils.hpp), work splitting (work_split.hpp) and Bfp8_b /
// Bfp4_b tiles (bfloat8.hpp, bfloat4.hpp).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>

#include "tile.hpp"
#include "tt-metalium/bfloat16.hpp"
#include "tt-metalium/bfloat4.hpp"
#include "tt-metalium/bfloat8.hpp"
#include "tt-metalium/tilize_utils.hpp"
#include "tt-metalium/work_split.hpp"

// ---------------------------------------------------------------------------------------------
// bfloat16

bfloat16 bfloat16::truncate(float float_num) {
    return std::bit_cast<bfloat16>(static_cast<uint16_t>(std::bit_cast<uint32_t>(float_num) >> 16));
}

bfloat16& bfloat16::operator+=(bfloat16 rhs) noexcept { return *this = *this + rhs; }
bfloat16& bfloat16::operator-=(bfloat16 rhs) noexcept { return *this = *this - rhs; }
bfloat16& bfloat16::operator*=(bfloat16 rhs) noexcept { return *this = *this * rhs; }
bfloat16& bfloat16::operator/=(bfloat16 rhs) noexcept { return *this = *this / rhs; }
bfloat16 bfloat16::operator+(bfloat16 rhs) const { return bfloat16(float(*this) + float(rhs)); }
bfloat16 bfloat16::operator-(bfloat16 rhs) const { return bfloat16(float(*this) - float(rhs)); }
bfloat16 bfloat16::operator*(bfloat16 rhs) const { return bfloat16(float(*this) * float(rhs)); }
bfloat16 bfloat16::operator/(bfloat16 rhs) const { return bfloat16(float(*this) / float(rhs)); }

uint16_t fp32_to_bf16_bits_round_to_nearest_even(float val) { return ttemu::host::fp32_to_bf16_rne(val); }

std::ostream& operator<<(std::ostream& os, const bfloat16& v) { return os << std::bit_cast<uint16_t>(v); }

bool operator==(const std::vector<bfloat16>& lhs, const std::vector<bfloat16>& rhs) {
    if (lhs.size() != rhs.size()) return false;
    for (size_t i = 0; i < lhs.size(); ++i)
        if (std::bit_cast<uint16_t>(lhs[i]) != std::bit_cast<uint16_t>(rhs[i])) return false;
    return true;
}

uint32_t pack_two_bfloat16_into_uint32(std::pair<bfloat16, bfloat16> two) {
    return uint32_t(std::bit_cast<uint16_t>(two.first)) | (uint32_t(std::bit_cast<uint16_t>(two.second)) << 16);
}

std::vector<bfloat16> create_random_vector_of_bfloat16_native(size_t num_bytes, float rand_max_float, int seed,
                                                              float offset) {
    std::mt19937 gen(seed);
    std::uniform_real_distribution<float> dist(0, rand_max_float);
    std::vector<bfloat16> vec(num_bytes / sizeof(bfloat16));
    for (bfloat16& v : vec) v = bfloat16(dist(gen) + offset);
    return vec;
}

std::vector<std::uint32_t> create_random_vector_of_bfloat16(size_t num_bytes, int rand_max_float, int seed,
                                                            float offset) {
    std::mt19937 gen(seed);
    std::uniform_real_distribution<float> dist(0, static_cast<float>(rand_max_float));
    std::vector<std::uint32_t> vec(num_bytes / sizeof(std::uint32_t));
    for (uint32_t& w : vec) {
        const float a = dist(gen) + offset;
        const float b = dist(gen) + offset;
        w = pack_two_bfloat16_into_uint32({bfloat16(a), bfloat16(b)});
    }
    return vec;
}

std::vector<std::uint32_t> create_constant_vector_of_bfloat16(size_t num_bytes, float value) {
    const size_t n = std::max<size_t>(1, num_bytes / sizeof(std::uint32_t));
    // A single word holds the value once (the high half is zero).
    return std::vector<std::uint32_t>(n, pack_two_bfloat16_into_uint32({bfloat16(value), bfloat16(n == 1 ? 0.0f : value)}));
}

std::vector<bfloat16> create_identity_matrix(int rows, int cols, int num_ones) {
    std::vector<bfloat16> vec(size_t(rows) * size_t(cols), bfloat16(0.0f));
    for (int i = 0; i < num_ones; ++i) vec.at(size_t(i) * cols + i) = bfloat16(1.0f);
    return vec;
}

std::vector<uint32_t> pack_bfloat16_vec_into_uint32_vec(const std::vector<bfloat16>& data) {
    if (data.size() % 2) throw std::invalid_argument("pack_bfloat16_vec_into_uint32_vec: an odd number of values");
    std::vector<uint32_t> out(data.size() / 2);
    for (size_t i = 0; i < out.size(); ++i) out[i] = pack_two_bfloat16_into_uint32({data[2 * i], data[2 * i + 1]});
    return out;
}

bfloat16 bfloat16_identity_transform(const bfloat16& input) { return input; }

std::vector<bfloat16> unpack_uint32_vec_into_bfloat16_vec(const std::vector<std::uint32_t>& data,
                                                          const std::function<bfloat16(const bfloat16&)>& transform) {
    std::vector<bfloat16> out;
    out.reserve(data.size() * 2);
    for (uint32_t w : data) {
        out.push_back(transform(std::bit_cast<bfloat16>(static_cast<uint16_t>(w & 0xffff))));
        out.push_back(transform(std::bit_cast<bfloat16>(static_cast<uint16_t>(w >> 16))));
    }
    return out;
}

bool equal_within_n_sig_figs(float a, float b, int n) {
    const std::string sa = std::to_string(a), sb = std::to_string(b);
    const size_t len = std::min(sa.size(), sb.size());
    size_t i = 0;
    while (i < len && (sa[i] == '0' || sa[i] == '.')) ++i;  // leading zeros are not significant
    int matched = 0;
    for (; i < len && matched < n; ++i) {
        if (sa[i] != sb[i]) {
            std::cout << "Floats being compared: A: " << a << ", B: " << b << std::endl;
            return false;
        }
        if (sa[i] != '.') ++matched;
    }
    return true;
}

bool is_close(float a, float b, float rtol, float atol) {
    const float diff = std::fabs(a - b);
    const float scale = std::max(std::fabs(a), std::fabs(b));
    const bool ok = diff <= atol || diff <= rtol * scale;
    if (!ok)
        std::cout << "Discrepancy: A = " << a << " B = " << b << "\n   absdiff = " << diff
                  << "\n   reldiff = " << diff / (scale + 1e-6f) << std::endl;
    return ok;
}

// ---------------------------------------------------------------------------------------------
// tilize_utils

std::uint32_t round_up_to_mul16(std::uint32_t val) { return (val + 15u) & ~15u; }
std::uint32_t round_up_to_mul32(std::uint32_t val) { return (val + 31u) & ~31u; }
std::uint32_t round_up_to_tile(int val, int tile_val) { return static_cast<uint32_t>((val + tile_val - 1) / tile_val * tile_val); }

std::ostream& operator<<(std::ostream& os, TensorLayoutType layout) {
    switch (layout) {
        case TensorLayoutType::LIN_ROW_MAJOR: return os << "LIN_ROW_MAJOR";
        case TensorLayoutType::TILED_SWIZZLED: return os << "TILED_SWIZZLED";
        case TensorLayoutType::TILED_NFACES: return os << "TILED_NFACES";
    }
    return os << "UNKNOWN";
}

// ---------------------------------------------------------------------------------------------
// Bfp8_b and Bfp4_b tiles

namespace {

void check_bfp_args(bool is_exp_a, const std::optional<tt::tt_metal::Tile>& tile, const char* fn) {
    if (is_exp_a)
        throw std::invalid_argument(std::string(fn) + ": ttemu implements Bfp8_b / Bfp4_b (is_exp_a = false) only");
    if (tile && (tile->get_tile_shape() != std::array<uint32_t, 2>{32, 32} ||
                 tile->get_face_shape() != std::array<uint32_t, 2>{16, 16}))
        throw std::invalid_argument(std::string(fn) + ": ttemu implements 32x32 tiles of 16x16 faces only");
}

// Index, in a 32x32 tile stored row-major, of datum i of the face-order walk.
inline size_t row_major_index(size_t i) {
    const size_t f = i / 256, r = (i / 16) % 16, c = i % 16;
    return ((f / 2) * 16 + r) * 32 + (f % 2) * 16 + c;
}

// Words per tile: 16 of exponents, then 1024 datums of mag_bits + 1 bits.
constexpr size_t tile_words(int mag_bits) { return 16 + 1024 * size_t(mag_bits + 1) / 32; }

std::vector<uint32_t> pack_bfp_tiles(const uint32_t* bits, size_t count, bool row_major_input, bool is_exp_a,
                                     const std::optional<tt::tt_metal::Tile>& tile, int mag_bits, const char* fn) {
    check_bfp_args(is_exp_a, tile, fn);
    if (count % 1024)
        throw std::invalid_argument(std::string(fn) + ": " + std::to_string(count) +
                                    " values are not a whole number of 32x32 tiles");
    const size_t tiles = count / 1024, words = tile_words(mag_bits);
    const int per_byte = 8 / (mag_bits + 1), width = mag_bits + 1;
    std::vector<uint32_t> out(tiles * words);
    for (size_t t = 0; t < tiles; ++t) {
        const uint32_t* in = bits + t * 1024;
        auto* bytes = reinterpret_cast<uint8_t*>(out.data() + t * words);
        for (size_t row = 0; row < 64; ++row) {
            uint32_t v[16];
            for (size_t j = 0; j < 16; ++j) {
                const size_t i = row * 16 + j;
                v[j] = in[row_major_input ? row_major_index(i) : i];
            }
            const uint8_t e = ttemu::bfp_host_shared_exp(v);
            bytes[row] = e;
            for (size_t j = 0; j < 16; ++j) {
                const size_t i = row * 16 + j;  // datum i: byte i / per_byte, first in the low bits
                bytes[64 + i / per_byte] |=
                    static_cast<uint8_t>(ttemu::bfp_host_encode(v[j], e, mag_bits) << (width * (i % per_byte)));
            }
        }
    }
    return out;
}

std::vector<float> unpack_bfp_tiles(tt::stl::Span<const uint32_t> tiles_words, bool row_major_output, bool is_exp_a,
                                    const std::optional<tt::tt_metal::Tile>& tile, int mag_bits, const char* fn,
                                    const char* format) {
    check_bfp_args(is_exp_a, tile, fn);
    const size_t words = tile_words(mag_bits);
    if (tiles_words.size() % words)
        throw std::invalid_argument(std::string(fn) + ": " + std::to_string(tiles_words.size()) +
                                    " words are not a whole number of " + format + " tiles (" +
                                    std::to_string(words) + " words each)");
    const size_t tiles = tiles_words.size() / words;
    const int per_byte = 8 / (mag_bits + 1), width = mag_bits + 1;
    const uint32_t mask = (1u << width) - 1;
    std::vector<float> out(tiles * 1024);
    for (size_t t = 0; t < tiles; ++t) {
        const auto* bytes = reinterpret_cast<const uint8_t*>(tiles_words.data() + t * words);
        float* o = out.data() + t * 1024;
        for (size_t i = 0; i < 1024; ++i) {
            const auto datum = static_cast<uint8_t>((bytes[64 + i / per_byte] >> (width * (i % per_byte))) & mask);
            o[row_major_output ? row_major_index(i) : i] = ttemu::bfp_host_decode(datum, bytes[i / 16], mag_bits);
        }
    }
    return out;
}

}  // namespace

std::vector<uint32_t> ttemu::host::pack_bfp8_b_tiles(const uint32_t* bits, size_t count, bool row_major_input,
                                                     bool is_exp_a, const std::optional<tt::tt_metal::Tile>& tile) {
    return pack_bfp_tiles(bits, count, row_major_input, is_exp_a, tile, 7, "pack_as_bfp8_tiles");
}

std::vector<uint32_t> ttemu::host::pack_bfp4_b_tiles(const uint32_t* bits, size_t count, bool row_major_input,
                                                     bool is_exp_a, const std::optional<tt::tt_metal::Tile>& tile) {
    return pack_bfp_tiles(bits, count, row_major_input, is_exp_a, tile, 3, "pack_as_bfp4_tiles");
}

std::vector<float> unpack_bfp8_tiles_into_float_vec(tt::stl::Span<const uint32_t> bfp8_tiles, bool row_major_output,
                                                    bool is_exp_a, const std::optional<tt::tt_metal::Tile>& tile) {
    return unpack_bfp_tiles(bfp8_tiles, row_major_output, is_exp_a, tile, 7, "unpack_bfp8_tiles_into_float_vec",
                            "Bfp8_b");
}

std::vector<float> unpack_bfp4_tiles_into_float_vec(tt::stl::Span<const uint32_t> bfp_tiles, bool row_major_output,
                                                    bool is_exp_a, const std::optional<tt::tt_metal::Tile>& tile) {
    return unpack_bfp_tiles(bfp_tiles, row_major_output, is_exp_a, tile, 3, "unpack_bfp4_tiles_into_float_vec",
                            "Bfp4_b");
}

// ---------------------------------------------------------------------------------------------
// work_split

namespace tt::tt_metal {

uint32_t merge_num_sticks_to_read(uint32_t num_sticks_to_read, uint32_t stick_size_bytes, uint32_t max_read_size) {
    const uint32_t total = num_sticks_to_read * stick_size_bytes;
    uint32_t result = num_sticks_to_read;
    for (uint32_t size = stick_size_bytes; size && size <= max_read_size; size += stick_size_bytes)
        if (total % size == 0) result = total / size;
    return result;
}

std::tuple<uint32_t, uint32_t> get_max_cores_divisible_by_tiles_per_core_tiles(const uint32_t& num_tiles,
                                                                               const uint32_t& num_cores_max,
                                                                               bool request_even) {
    uint32_t cores = 1;
    for (uint32_t i = 2; i <= num_cores_max; ++i)
        if (num_tiles % i == 0) cores = i;
    if (request_even && cores > 1) cores -= cores % 2;
    return {cores, (num_tiles + cores - 1) / cores};
}

int find_max_divisor(uint32_t val, uint32_t start_max_div) {
    for (int d = int(start_max_div); d >= 1; --d) {
        if (d == 7 || d == 5) continue;
        if (val % uint32_t(d) == 0) return d;
    }
    return 1;
}

int find_max_block_size(uint32_t val, uint32_t max_block_size) {
    for (int d = int(max_block_size); d >= 1; --d)
        if (val % uint32_t(d) == 0) return d;
    return 1;
}

CoreRangeSet num_cores_to_corerangeset(CoreCoord start, uint32_t target, CoreCoord grid, bool row_wise) {
    const uint32_t nx = grid.x, ny = grid.y;
    if (start.x >= nx || start.y >= ny)
        throw std::invalid_argument("num_cores_to_corerangeset: start core " + start.str() + " is outside the grid " +
                                    grid.str());
    const uint32_t available =
        row_wise ? (ny - 1 - start.y) * nx + (nx - start.x) : (nx - 1 - start.x) * ny + (ny - start.y);
    if (target > available)
        throw std::invalid_argument("num_cores_to_corerangeset: " + std::to_string(target) +
                                    " cores wanted, " + std::to_string(available) + " available");
    // Along the fill direction ("lines": columns, or rows if row_wise): a partial line at the
    // start, whole lines, a partial line at the end.
    const uint32_t line = row_wise ? nx : ny;
    auto along = [&](CoreCoord c) { return uint32_t(row_wise ? c.x : c.y); };
    auto make = [&](uint32_t line0, uint32_t pos0, uint32_t line1, uint32_t pos1) {
        return row_wise ? CoreRange({pos0, line0}, {pos1, line1}) : CoreRange({line0, pos0}, {line1, pos1});
    };
    std::vector<CoreRange> ranges;
    uint32_t left = target;
    uint32_t cur_line = row_wise ? start.y : start.x, cur_pos = along(start);
    if (cur_pos != 0 && left > line - cur_pos) {
        ranges.push_back(make(cur_line, cur_pos, cur_line, line - 1));
        left -= line - cur_pos;
        ++cur_line;
        cur_pos = 0;
    }
    if (left > line) {
        const uint32_t full = left / line;
        ranges.push_back(make(cur_line, 0, cur_line + full - 1, line - 1));
        left -= full * line;
        cur_line += full;
        cur_pos = 0;
    }
    if (left > 0) ranges.push_back(make(cur_line, cur_pos, cur_line, cur_pos + left - 1));
    return CoreRangeSet(std::move(ranges));
}

CoreRangeSet num_cores_to_corerangeset(uint32_t target, CoreCoord grid, bool row_wise) {
    return num_cores_to_corerangeset(CoreCoord{0, 0}, target, grid, row_wise);
}

CoreRangeSet num_cores_to_corerangeset_in_subcoregrids(CoreCoord start, uint32_t target, const CoreRangeSet& grids,
                                                       bool row_wise) {
    if (target == 0 || target > grids.num_cores())
        throw std::invalid_argument("num_cores_to_corerangeset_in_subcoregrids: " + std::to_string(target) +
                                    " cores wanted, " + std::to_string(grids.num_cores()) + " available");
    if (!grids.contains(start))
        throw std::invalid_argument("num_cores_to_corerangeset_in_subcoregrids: start core " + start.str() +
                                    " is outside the core grid");
    std::vector<CoreRange> out;
    uint32_t left = target;
    bool active = false;
    for (const CoreRange& g : grids.ranges()) {
        CoreCoord cur;
        if (!active) {
            if (!g.contains(start)) continue;
            active = true;
            cur = start;
        } else {
            cur = g.start_coord;
        }
        if (row_wise) {
            for (size_t y = cur.y; y <= g.end_coord.y && left; ++y) {
                const size_t x0 = y == cur.y ? cur.x : g.start_coord.x;
                const uint32_t take = std::min<uint32_t>(uint32_t(g.end_coord.x - x0 + 1), left);
                out.emplace_back(CoreCoord{x0, y}, CoreCoord{x0 + take - 1, y});
                left -= take;
            }
        } else {
            for (size_t x = cur.x; x <= g.end_coord.x && left; ++x) {
                const size_t y0 = x == cur.x ? cur.y : g.start_coord.y;
                const uint32_t take = std::min<uint32_t>(uint32_t(g.end_coord.y - y0 + 1), left);
                out.emplace_back(CoreCoord{x, y0}, CoreCoord{x, y0 + take - 1});
                left -= take;
            }
        }
        if (!left) break;
    }
    if (left) throw std::invalid_argument("num_cores_to_corerangeset_in_subcoregrids: not enough cores after the start core");
    // Merge consecutive lines with the same span into rectangles.
    std::vector<CoreRange> merged;
    for (const CoreRange& r : out) {
        if (!merged.empty()) {
            CoreRange& m = merged.back();
            const bool same = row_wise ? (m.start_coord.x == r.start_coord.x && m.end_coord.x == r.end_coord.x &&
                                          r.start_coord.y == m.end_coord.y + 1 && r.end_coord.y == m.end_coord.y + 1)
                                       : (m.start_coord.y == r.start_coord.y && m.end_coord.y == r.end_coord.y &&
                                          r.start_coord.x == m.end_coord.x + 1 && r.end_coord.x == m.end_coord.x + 1);
            if (same) {
                m.end_coord = r.end_coord;
                continue;
            }
        }
        merged.push_back(r);
    }
    return CoreRangeSet(std::move(merged));
}

std::tuple<uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, uint32_t, uint32_t> split_work_to_cores(
    CoreCoord grid, uint32_t units, bool row_wise) {
    if (units == 0) return {0, CoreRangeSet(), CoreRangeSet(), CoreRangeSet(), 0, 0};
    const uint32_t nx = grid.x, ny = grid.y, max_cores = nx * ny;
    uint32_t cores;
    CoreRangeSet all;
    if (units >= max_cores) {
        cores = max_cores;
        all = CoreRangeSet(CoreRange({0, 0}, {nx - 1, ny - 1}));
    } else {
        cores = units;
        all = num_cores_to_corerangeset(cores, grid, row_wise);
    }
    const uint32_t per_core = units / cores, more = units % cores;
    if (more == 0) return {cores, all, all, CoreRangeSet(), per_core, 0};
    CoreRangeSet group1 = num_cores_to_corerangeset(more, grid, row_wise);
    const CoreCoord last = group1.ranges().back().end_coord;
    CoreCoord next;
    if (row_wise) {
        next = last.x != nx - 1 ? CoreCoord{last.x + 1, last.y} : CoreCoord{0, last.y + 1};
    } else {
        next = last.y != ny - 1 ? CoreCoord{last.x, last.y + 1} : CoreCoord{last.x + 1, 0};
    }
    CoreRangeSet group2 = num_cores_to_corerangeset(next, cores - more, grid, row_wise);
    return {cores, all, group1, group2, per_core + 1, per_core};
}

std::tuple<uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, uint32_t, uint32_t> split_work_to_cores(
    const CoreRangeSet& grid, uint32_t units, bool row_wise) {
    if (units == 0) return {0, CoreRangeSet(), CoreRangeSet(), CoreRangeSet(), 0, 0};
    const uint32_t max_cores = grid.num_cores();
    if (max_cores == 0) throw std::invalid_argument("split_work_to_cores: the core grid holds no cores");
    const CoreCoord start = grid.ranges().front().start_coord;
    uint32_t cores;
    CoreRangeSet all;
    if (units >= max_cores) {
        cores = max_cores;
        all = grid;
    } else {
        cores = units;
        all = num_cores_to_corerangeset_in_subcoregrids(start, cores, grid, row_wise);
    }
    const uint32_t per_core = units / cores, more = units % cores;
    if (more == 0) return {cores, all, all, CoreRangeSet(), per_core, 0};
    CoreRangeSet group1 = num_cores_to_corerangeset_in_subcoregrids(start, more, grid, row_wise);
    // Group 2: the cores of `all` after group 1, in fill order.
    std::vector<CoreCoord> order;
    for (const CoreRange& g : grid.ranges()) {
        for (const CoreCoord& c : corerange_to_cores(CoreRangeSet(g), std::nullopt, row_wise)) order.push_back(c);
    }
    const auto it = std::find(order.begin(), order.end(), group1.ranges().back().end_coord);
    const CoreCoord next = *(it + 1);
    CoreRangeSet group2 = num_cores_to_corerangeset_in_subcoregrids(next, cores - more, grid, row_wise);
    return {cores, all, group1, group2, per_core + 1, per_core};
}

std::tuple<std::vector<uint32_t>, CoreRangeSet> split_work_to_cores_even_multiples(const CoreCoord& grid,
                                                                                    uint32_t units, uint32_t multiple,
                                                                                    bool row_wise) {
    if (multiple == 0) throw std::invalid_argument("split_work_to_cores_even_multiples: multiple must be positive");
    const uint32_t batches = units / multiple, max_cores = uint32_t(grid.x * grid.y);
    const uint32_t cores = std::min(batches, max_cores);
    std::vector<uint32_t> per_core(cores, 0);
    if (cores == 0) return {per_core, CoreRangeSet()};
    size_t i = 0;
    for (uint32_t u = 0; u < units; u += multiple) {
        per_core[i] += multiple;
        i = (i + 1) % cores;
    }
    if (units % multiple) per_core[i] += units % multiple;
    return {per_core, num_cores_to_corerangeset(CoreCoord{0, 0}, cores, grid, row_wise)};
}

}  // namespace tt::tt_metal
