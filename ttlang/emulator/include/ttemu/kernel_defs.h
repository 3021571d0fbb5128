// Definitions every kernel sees, on every thread: the attribute macros of the firmware build,
// DataFormat, CB indices and the per-kernel CB descriptors that CreateKernel generates.
#pragma once

#include <cstdint>

#include "hostdevcommon/kernel_structs.h"
#include "ttemu/data_format.h"
#include "ttemu/kernel_abi.h"
#include "noc/noc_parameters.h"

#ifndef FORCE_INLINE
#define FORCE_INLINE inline __attribute__((always_inline))
#endif
#ifndef ALWI
#define ALWI inline __attribute__((always_inline))
#endif
#define tt_l1_ptr
#define tt_reg_ptr

using DataFormat = tt::DataFormat;

#ifndef NOC_INDEX
#define NOC_INDEX 0
#endif
constexpr std::uint8_t noc_index = NOC_INDEX;
constexpr std::uint32_t NOC_UNICAST_WRITE_VC = 1;
constexpr std::uint32_t NOC_MULTICAST_WRITE_VC = 4;

// Per-CB tile sizes and formats of the program this kernel belongs to, as compile-time tables
// (the firmware build generates them into chlkc_descriptors.h).
#if __has_include("ttemu_descriptors.h")
#include "ttemu_descriptors.h"
#else
constexpr std::uint32_t ttemu_cb_page_size[64] = {};
constexpr std::uint8_t ttemu_cb_format[64] = {};
#endif
