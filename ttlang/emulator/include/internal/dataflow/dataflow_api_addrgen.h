// The interleaved address generators of tt-metal's internal/dataflow/dataflow_api_addrgen.h
// (the pre-TensorAccessor API, still used by many kernels; the interleaved TensorAccessor derives
// from InterleavedAddrGen). The free functions of that header (get_noc_addr and its deprecated
// overloads per generator) are declared in api/dataflow/dataflow_api.h, which includes this one.
#pragma once

#include <cstdint>

#include <type_traits>
#include <utility>

#include "ttemu/kernel_defs.h"

// Traits of an address generator (as v0.81.1 defines them here): which of get_noc_addr,
// page_size, get_aligned_page_size() and log_base_2_of_page_size it has.
template <typename, typename = void>
inline constexpr bool has_get_noc_addr_v = false;
template <typename T>
inline constexpr bool has_get_noc_addr_v<T, std::void_t<decltype(std::declval<T>().get_noc_addr(uint32_t{}, uint32_t{}, uint8_t{}))>> = true;
template <typename, typename = void>
inline constexpr bool has_page_size_v = false;
template <typename T>
inline constexpr bool has_page_size_v<T, std::void_t<decltype(std::declval<T>().page_size)>> = true;
template <typename, typename = void>
inline constexpr bool has_get_aligned_page_size_v = false;
template <typename T>
inline constexpr bool has_get_aligned_page_size_v<T, std::void_t<decltype(std::declval<T>().get_aligned_page_size())>> = true;
template <typename, typename = void>
inline constexpr bool has_log_base_2_of_page_size_v = false;
template <typename T>
inline constexpr bool has_log_base_2_of_page_size_v<T, std::void_t<decltype(std::declval<T>().log_base_2_of_page_size)>> = true;
template <typename T>
inline constexpr bool has_required_addrgen_traits_v =
    has_get_noc_addr_v<T> and
    (has_get_aligned_page_size_v<T> or has_page_size_v<T> or has_log_base_2_of_page_size_v<T>);

template <bool DRAM>
struct InterleavedAddrGen {
    static constexpr bool is_dram = DRAM;
    uint32_t bank_base_address;
    const uint32_t page_size;
    FORCE_INLINE std::uint64_t get_noc_addr(const uint32_t id, const uint32_t offset = 0, uint8_t noc = noc_index) const {
        return ttemu::abi::interleaved_page_addr(DRAM, bank_base_address, page_size, id, offset);
    }
};

namespace ttemu::detail {
// Bytes of a tile of tile_hw datums in `format`, as the firmware's MUL_WITH_TILE_SIZE<tile_hw>
// computes them: 1, 2 or 4 bytes a datum; block floats 2, 4 or 8 bits a datum plus one exponent
// byte per 16 datums, but no fewer than 16; formats it does not list are sized as Bfp8. It knows
// tile_hw 16, 32, ..., 1024 and sizes any other as 1024.
template <uint32_t tile_hw>
constexpr uint32_t tile_bytes(DataFormat format) {
    constexpr bool known = tile_hw >= 16 && tile_hw <= 1024 && (tile_hw & (tile_hw - 1)) == 0;
    constexpr uint32_t datums = known ? tile_hw : 1024;
    constexpr uint32_t exponents = datums / 16 > 16 ? datums / 16 : 16;
    switch (static_cast<DataFormat>(static_cast<uint8_t>(format) & 0x1F)) {
        case DataFormat::UInt8: return datums;
        case DataFormat::UInt16:
        case DataFormat::Float16:
        case DataFormat::Float16_b: return datums * 2;
        case DataFormat::Int32:
        case DataFormat::UInt32:
        case DataFormat::Float32: return datums * 4;
        case DataFormat::Bfp2:
        case DataFormat::Bfp2_b: return datums / 4 + exponents;
        case DataFormat::Bfp4:
        case DataFormat::Bfp4_b: return datums / 2 + exponents;
        default: return datums + exponents;
    }
}
}  // namespace ttemu::detail

// The page stride is the tile size that data_format and tile_hw give (not page_size, which is
// the size of a transfer); a stride that is not the buffer's page size is a fault.
template <bool DRAM, uint32_t tile_hw = 1024>
struct InterleavedAddrGenFast {
    static constexpr bool is_dram = DRAM;
    uint32_t bank_base_address;
    uint32_t page_size;
    DataFormat data_format;
    FORCE_INLINE std::uint64_t get_noc_addr(const uint32_t id, const uint32_t offset = 0, uint8_t noc = noc_index) const {
        return ttemu::abi::interleaved_page_addr(
            DRAM, bank_base_address, ttemu::detail::tile_bytes<tile_hw>(data_format), id, offset);
    }
};

template <bool DRAM>
struct InterleavedPow2AddrGen {
    static constexpr bool is_dram = DRAM;
    const uint32_t bank_base_address;
    const uint32_t log_base_2_of_page_size;
    FORCE_INLINE std::uint64_t get_noc_addr(const uint32_t id, const uint32_t offset = 0, uint8_t noc = noc_index) const {
        return ttemu::abi::interleaved_page_addr(DRAM, bank_base_address, 1u << log_base_2_of_page_size, id, offset);
    }
};
