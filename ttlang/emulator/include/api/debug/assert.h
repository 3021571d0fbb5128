// ASSERT(condition): with the watcher enabled, a failed assert halts the core and reports it.
// ttemu always checks, and reports the condition and the kernel line as a fault.
#pragma once

#include "ttemu/kernel_abi.h"

// An expression, as v0.81.1's (internal/debug/assert_common.h: `(void(not(condition) ? ..., 0 : 0))`).
#define ASSERT(condition, ...) (void(!(condition) ? ::ttemu::abi::assert_failed(#condition), 0 : 0))
