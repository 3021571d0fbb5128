// TensorAccessor: page-id -> NoC address for interleaved buffers (DRAM or L1), bounds-checked by
// the emulator against the buffer it names.
#pragma once

#include <cstddef>
#include <cstdint>

#include "api/tensor/tensor_accessor_args.h"
#include "ttemu/kernel_abi.h"

namespace tensor_accessor {
template <bool IsDram>
struct InterleavedDSpec {
    static constexpr bool is_dram = IsDram;
    static constexpr bool is_interleaved = true;
    static constexpr bool is_static = true;
};
}  // namespace tensor_accessor

template <typename DSpecT>
struct TensorAccessor {
    using DSpec = DSpecT;
    static constexpr bool is_dram = DSpec::is_dram;

    size_t bank_base_address;
    uint32_t page_size;

    TensorAccessor(const size_t bank_base_address_in = 0, uint32_t page_size_in = 0) :
        bank_base_address(bank_base_address_in), page_size(page_size_in) {}

    template <std::size_t CTA_OFFSET, std::size_t CRTA_OFFSET>
    TensorAccessor(const TensorAccessorArgs<CTA_OFFSET, CRTA_OFFSET>& args, const size_t bank_base_address_in,
                   const uint32_t page_size_in = 0) :
        bank_base_address(bank_base_address_in),
        page_size(page_size_in ? page_size_in : args.get_aligned_page_size()) {}

    constexpr uint32_t get_aligned_page_size() const { return page_size; }

    std::uint64_t get_noc_addr(const uint32_t page_id, const uint32_t offset = 0, uint8_t noc = 0) const {
        return ttemu::abi::interleaved_page_addr(is_dram, static_cast<uint32_t>(bank_base_address), page_size,
                                                 page_id, offset);
    }
};

template <std::size_t CTA_OFFSET, std::size_t CRTA_OFFSET>
TensorAccessor(const TensorAccessorArgs<CTA_OFFSET, CRTA_OFFSET>& args, size_t)
    -> TensorAccessor<tensor_accessor::InterleavedDSpec<TensorAccessorArgs<CTA_OFFSET, CRTA_OFFSET>::is_dram>>;

template <std::size_t CTA_OFFSET, std::size_t CRTA_OFFSET>
TensorAccessor(const TensorAccessorArgs<CTA_OFFSET, CRTA_OFFSET>& args, size_t, uint32_t)
    -> TensorAccessor<tensor_accessor::InterleavedDSpec<TensorAccessorArgs<CTA_OFFSET, CRTA_OFFSET>::is_dram>>;
