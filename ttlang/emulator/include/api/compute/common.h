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

#include "ttemu/runtime_args.h"  // get_arg_addr, get_arg_val, get_common_arg_*
