// Compute kernel API (TRISC), globals: namespace ckernel with the enums of llk_defs.h, and the
// descriptors of the program (DST_ACCUM_MODE, APPROX, MATH_FIDELITY, DST_SYNC_MODE) that CreateKernel generates.
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

constexpr bool DST_ACCUM_MODE = TTEMU_DST_ACCUM_MODE;
// A macro, as tt-metal's JIT writes it into chlkc_dst_sync_mode.h (ComputeConfig::dst_full_sync_en).
#define DST_SYNC_MODE (TTEMU_DST_SYNC_FULL ? ckernel::DstSync::SyncFull : ckernel::DstSync::SyncHalf)
constexpr bool APPROX = TTEMU_APPROX;

#define UNPACK(x) x
#define MATH(x) x
#define PACK(x) x

// tt-metal's JIT compiles a compute kernel once per thread with UCK_CHLKC_UNPACK, _MATH or _PACK
// defined; code that asks which (ttnn's kernel_lib/dest_helpers.hpp reads DST_ACCUM_MODE only
// under one of them, dfb_helpers_compute.inl the pack-side CB tables under _PACK) sees the pack
// thread here. The emulator's pack- and unpack-side CB tables are the same.
#if !defined(UCK_CHLKC_UNPACK) && !defined(UCK_CHLKC_MATH) && !defined(UCK_CHLKC_PACK)
#define UCK_CHLKC_PACK
#endif


using ckernel::BroadcastType;
using ckernel::EltwiseBinaryReuseDestType;
using ckernel::EltwiseBinaryType;
using ckernel::PoolType;
using ckernel::ReduceDim;
using ckernel::VectorMode;
