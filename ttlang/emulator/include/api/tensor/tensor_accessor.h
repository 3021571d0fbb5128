// TensorAccessor: page-id -> NoC address for interleaved buffers (DRAM or L1), bounds-checked by
// the emulator against the buffer it names. As v0.81.1's interleaved TensorAccessor it derives
// from InterleavedAddrGen<is_dram>, so a kernel may pass it where one is expected (the deprecated
// get_noc_addr(id, InterleavedAddrGen<DRAM>) is what get_noc_addr(id, accessor) resolves to).
#pragma once

#include <cstddef>
#include <cstdint>

#include "api/tensor/tensor_accessor_args.h"
#include "api/tensor/tensor_binding_token.h"
#include "internal/dataflow/dataflow_api_addrgen.h"
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
struct TensorAccessor : public InterleavedAddrGen<DSpecT::is_dram> {
    using DSpec = DSpecT;
    using Base = InterleavedAddrGen<DSpec::is_dram>;
    static constexpr bool is_dram = DSpec::is_dram;

    TensorAccessor(const size_t bank_base_address_in = 0, uint32_t page_size_in = 0) :
        Base{static_cast<uint32_t>(bank_base_address_in), page_size_in} {}

    template <std::size_t CTA_OFFSET, std::size_t CRTA_OFFSET>
    TensorAccessor(const TensorAccessorArgs<CTA_OFFSET, CRTA_OFFSET>& args, const size_t bank_base_address_in,
                   const uint32_t page_size_in = 0) :
        Base{static_cast<uint32_t>(bank_base_address_in), page_size_in ? page_size_in : args.get_aligned_page_size()} {}

    // Metal 2.0: from a binding token; the base address is the common runtime arg at byte
    // ADDR_CRTA_OFFSET, the accessor's own runtime words follow it.
    template <uint32_t CTA_OFFSET, uint32_t ADDR_CRTA_OFFSET>
    TensorAccessor(tensor_accessor::TensorBindingToken<CTA_OFFSET, ADDR_CRTA_OFFSET>) :
        TensorAccessor(TensorAccessorArgs<CTA_OFFSET, ADDR_CRTA_OFFSET / sizeof(uint32_t) + 1>{},
                       static_cast<size_t>(get_common_arg_val<uint32_t>(ADDR_CRTA_OFFSET / sizeof(uint32_t)))) {
        static_assert(ADDR_CRTA_OFFSET % sizeof(uint32_t) == 0,
                      "TensorBindingToken: ADDR_CRTA_OFFSET must be 4-byte aligned");
    }
    explicit TensorAccessor(const tensor_accessor::NullTensorBindingToken&) : TensorAccessor(size_t{0}, uint32_t{0}) {}

    constexpr uint32_t get_aligned_page_size() const { return this->page_size; }
    constexpr uint32_t get_bank_base_address() const { return this->bank_base_address; }

    std::uint64_t get_noc_addr(const uint32_t page_id, const uint32_t offset = 0, uint8_t noc = noc_index) const {
        return Base::get_noc_addr(page_id, offset, noc);
    }
};

template <std::size_t CTA_OFFSET, std::size_t CRTA_OFFSET>
TensorAccessor(const TensorAccessorArgs<CTA_OFFSET, CRTA_OFFSET>& args, size_t)
    -> TensorAccessor<tensor_accessor::InterleavedDSpec<TensorAccessorArgs<CTA_OFFSET, CRTA_OFFSET>::is_dram>>;

template <std::size_t CTA_OFFSET, std::size_t CRTA_OFFSET>
TensorAccessor(const TensorAccessorArgs<CTA_OFFSET, CRTA_OFFSET>& args, size_t, uint32_t)
    -> TensorAccessor<tensor_accessor::InterleavedDSpec<TensorAccessorArgs<CTA_OFFSET, CRTA_OFFSET>::is_dram>>;

template <uint32_t CTA_OFFSET, uint32_t ADDR_CRTA_OFFSET>
TensorAccessor(tensor_accessor::TensorBindingToken<CTA_OFFSET, ADDR_CRTA_OFFSET>) -> TensorAccessor<
    tensor_accessor::InterleavedDSpec<TensorAccessorArgs<CTA_OFFSET, ADDR_CRTA_OFFSET / sizeof(uint32_t) + 1>::is_dram>>;
