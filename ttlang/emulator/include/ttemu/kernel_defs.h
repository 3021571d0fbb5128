// Definitions every kernel sees, on every thread: the attribute macros of the firmware build,
// DataFormat, CB indices and the per-kernel CB descriptors that CreateKernel generates.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "hostdevcommon/kernel_structs.h"
#include "ttemu/data_format.h"
#include "ttemu/kernel_abi.h"
#include "noc/noc_parameters.h"

#ifndef FORCE_INLINE
#define FORCE_INLINE inline __attribute__((always_inline))
#endif
#ifndef ALWI
#define ALWI inline __attribute__((always_inline))
#endif
#define tt_l1_ptr
#define tt_reg_ptr

using DataFormat = tt::DataFormat;
// The firmware's tensix.h (which every kernel reaches through the API headers) names uint32_t so.
using uint = std::uint32_t;

#ifndef NOC_INDEX
#define NOC_INDEX 0
#endif
constexpr std::uint8_t noc_index = NOC_INDEX;
constexpr std::uint32_t NOC_UNICAST_WRITE_VC = 1;
constexpr std::uint32_t NOC_MULTICAST_WRITE_VC = 4;

// Per-CB tile sizes and formats of the program this kernel belongs to, as compile-time tables
// (the firmware build generates them into chlkc_descriptors.h).
#if __has_include("ttemu_descriptors.h")
#include "ttemu_descriptors.h"
#else
constexpr std::uint32_t ttemu_cb_page_size[64] = {};
constexpr std::uint8_t ttemu_cb_format[64] = {};
#endif

// The tile shape tables of each CB that tt-metal's genfiles.cpp writes into chlkc_descriptors.h
// (unpack_* for the unpacker's view of a CB, pack_* for the packer's). The emulator's CBs hold
// 32x32 tiles of four 16x16 faces, so the shapes are those; sizes and formats are the CBs'.
namespace ttemu::detail {
template <typename T, typename F, std::size_t... I>
constexpr auto cb_table(F f, std::index_sequence<I...>) {
    return std::array<T, sizeof...(I)>{static_cast<T>(f(I))...};
}
template <typename T, typename F>
constexpr auto cb_table(F f) {
    return cb_table<T>(f, std::make_index_sequence<64>{});
}
}  // namespace ttemu::detail
#define TTEMU_CB_TABLE(type, name, expr) \
    constexpr auto name = ::ttemu::detail::cb_table<type>([](std::size_t cb) { return (expr); })
TTEMU_CB_TABLE(std::uint8_t, unpack_tile_r_dim, 32u + 0 * cb);
TTEMU_CB_TABLE(std::uint8_t, unpack_tile_c_dim, 32u + 0 * cb);
TTEMU_CB_TABLE(std::uint8_t, unpack_tile_num_faces, 4u + 0 * cb);
TTEMU_CB_TABLE(std::uint8_t, unpack_tile_face_r_dim, 16u + 0 * cb);
TTEMU_CB_TABLE(std::uint8_t, unpack_num_faces_r_dim, 2u + 0 * cb);
TTEMU_CB_TABLE(std::uint8_t, unpack_num_faces_c_dim, 2u + 0 * cb);
TTEMU_CB_TABLE(std::uint8_t, unpack_partial_face, 0u * cb);
TTEMU_CB_TABLE(std::uint8_t, unpack_narrow_tile, 0u * cb);
TTEMU_CB_TABLE(std::uint32_t, unpack_tile_size, ttemu_cb_page_size[cb]);
TTEMU_CB_TABLE(std::int32_t, unpack_src_format, ttemu_cb_format[cb]);
TTEMU_CB_TABLE(std::int32_t, unpack_dst_format, ttemu_cb_format[cb]);
TTEMU_CB_TABLE(std::uint8_t, pack_tile_r_dim, 32u + 0 * cb);
TTEMU_CB_TABLE(std::uint8_t, pack_tile_c_dim, 32u + 0 * cb);
TTEMU_CB_TABLE(std::uint8_t, pack_tile_num_faces, 4u + 0 * cb);
TTEMU_CB_TABLE(std::uint8_t, pack_tile_face_r_dim, 16u + 0 * cb);
TTEMU_CB_TABLE(std::uint8_t, pack_num_faces_r_dim, 2u + 0 * cb);
TTEMU_CB_TABLE(std::uint8_t, pack_num_faces_c_dim, 2u + 0 * cb);
TTEMU_CB_TABLE(std::uint8_t, pack_partial_face, 0u * cb);
TTEMU_CB_TABLE(std::uint8_t, pack_narrow_tile, 0u * cb);
TTEMU_CB_TABLE(std::uint32_t, pack_tile_size, ttemu_cb_page_size[cb]);
TTEMU_CB_TABLE(std::int32_t, pack_src_format, ttemu_cb_format[cb]);
TTEMU_CB_TABLE(std::int32_t, pack_dst_format, ttemu_cb_format[cb]);
#undef TTEMU_CB_TABLE
