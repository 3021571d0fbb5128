// Compute kernel API (TRISC): what every compute kernel sees, as in v0.81.1's common.h.
#pragma once

#include "api/compute/cb_api.h"
#include "api/compute/common_globals.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/pack.h"
#include "api/compute/reconfig_data_format.h"
#include "api/compute/reg_api.h"
#include "api/debug/assert.h"  // as v0.81.1's common.h: compute kernels use ASSERT without including it
#include "ckernel.h"
#include "internal/circular_buffer_interface.h"

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
