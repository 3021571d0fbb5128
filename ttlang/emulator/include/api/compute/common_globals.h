// Compute kernel API (TRISC), globals: namespace ckernel with the enums of llk_defs.h, and the
// descriptors of the program (DST_ACCUM_MODE, APPROX, MATH_FIDELITY) that CreateKernel generates.
// On the hardware the kernel is compiled three times (UNPACK, MATH, PACK threads); ttemu runs
// one fiber that does the three threads' work in program order.
#pragma once

#include <cstdint>

#include "api/compile_time_args.h"
#include "api/debug/dprint.h"
#include "llk_defs.h"
#include "ttemu/kernel_defs.h"

#ifndef TTEMU_DST_ACCUM_MODE
#define TTEMU_DST_ACCUM_MODE 0
#endif
#ifndef TTEMU_APPROX
#define TTEMU_APPROX 0
#endif
#ifndef MATH_FIDELITY
#define MATH_FIDELITY 4
#endif
#ifndef TTEMU_DST_SYNC_FULL
#define TTEMU_DST_SYNC_FULL 0
#endif
// As tt-metal's JIT-generated chlkc_dst_sync_mode.h (ComputeConfig::dst_full_sync_en).
#define DST_SYNC_MODE (TTEMU_DST_SYNC_FULL ? ::ckernel::DstSync::SyncFull : ::ckernel::DstSync::SyncHalf)

constexpr bool DST_ACCUM_MODE = TTEMU_DST_ACCUM_MODE;
constexpr bool APPROX = TTEMU_APPROX;

// The TRISC identity: the fiber is the three threads; kernel code that only asks "am I a TRISC
// build" (ttnn kernel_lib's dest_helpers.hpp) sees one, and the per-thread selections of the
// CB's format and interface take the packer's (the formats are the CB's own either way).
#ifndef UCK_CHLKC_PACK
#define UCK_CHLKC_PACK 1
#endif
#define UNPACK(x) x
#define MATH(x) x
#define PACK(x) x


using ckernel::BroadcastType;
using ckernel::EltwiseBinaryReuseDestType;
using ckernel::EltwiseBinaryType;
using ckernel::PoolType;
using ckernel::ReduceDim;
using ckernel::VectorMode;
