// The runtime-argument accessors every kernel sees: v0.81.1 defines them both in
// api/dataflow/dataflow_api.h and in api/compute/common.h; here they are one definition that both
// include, so a compute kernel that also includes dataflow headers (TT-NN's moreh kernels include
// api/dataflow/dataflow_buffer.h) does not see them twice.
#pragma once

#include <cstdint>

#include "ttemu/kernel_abi.h"
#include "ttemu/kernel_defs.h"

static FORCE_INLINE uint32_t get_arg_addr(int arg_idx) { return ttemu::abi::arg_addr(arg_idx); }
static FORCE_INLINE uint32_t get_common_arg_addr(int arg_idx) { return ttemu::abi::common_arg_addr(arg_idx); }

template <typename T>
FORCE_INLINE T get_arg_val(int arg_idx) {
    static_assert("Error: only 4B args are supported" && sizeof(T) == 4);
    return *reinterpret_cast<volatile T*>(static_cast<uintptr_t>(ttemu::abi::arg_addr(arg_idx)));
}

template <typename T>
FORCE_INLINE T get_common_arg_val(int arg_idx) {
    static_assert("Error: only 4B args are supported" && sizeof(T) == 4);
    return *reinterpret_cast<volatile T*>(static_cast<uintptr_t>(ttemu::abi::common_arg_addr(arg_idx)));
}
