// The binding token of a tensor (v0.81.1 api/tensor/tensor_binding_token.h), emitted as
// `tensor::<name>` into the kernel_bindings_generated.h of a Metal 2.0 kernel: its accessor's
// compile-time words start at CTA_OFFSET, its base address is the common runtime arg at byte
// ADDR_CRTA_OFFSET. `TensorAccessor(tensor::<name>)` builds the accessor.
#pragma once

#include <cstdint>

#include "api/tensor/tensor_accessor_args.h"
#include "internal/llk_metadata.h"

namespace binding_details {
template <const auto& Token>
struct LLKOperandExtractor;
}

namespace tensor_accessor {

template <uint32_t CTA_OFFSET, uint32_t ADDR_CRTA_OFFSET>
struct TensorBindingToken {
    using args_t = TensorAccessorArgs<CTA_OFFSET>;
    static constexpr args_t args{};
    static constexpr uint32_t addr_crta_offset = ADDR_CRTA_OFFSET;  // in bytes

    explicit constexpr TensorBindingToken(binding_details::LLKMetadata llk) noexcept : llk_metadata_(llk) {}

private:
    template <const auto& Token>
    friend struct binding_details::LLKOperandExtractor;
    binding_details::LLKMetadata llk_metadata_;
};

// The token of a binding that is absent; never constructible (see get_token_if_present).
struct NullTensorBindingToken {
    NullTensorBindingToken() = delete;
    NullTensorBindingToken(const NullTensorBindingToken&) = delete;
    NullTensorBindingToken(NullTensorBindingToken&&) = delete;
    NullTensorBindingToken& operator=(const NullTensorBindingToken&) = delete;
    NullTensorBindingToken& operator=(NullTensorBindingToken&&) = delete;
};

}  // namespace tensor_accessor
