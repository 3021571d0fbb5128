// ASSERT(condition): with the watcher enabled, a failed assert halts the core and reports it.
// ttemu always checks, and reports the condition and the kernel line as a fault.
#pragma once

#include "ttemu/kernel_abi.h"

#define ASSERT(condition, ...)                                                        \
    do {                                                                              \
        if (!(condition)) [[unlikely]] ::ttemu::abi::assert_failed(#condition);       \
    } while (0)
