// Compute kernel API (TRISC), globals: namespace ckernel, the enums of llk_defs.h and the
// descriptors of the program (DST_ACCUM_MODE, APPROX, MATH_FIDELITY) that CreateKernel generates.
// On the hardware the kernel is compiled three times (UNPACK, MATH, PACK threads); ttemu runs
// one fiber that does the three threads' work in program order.
#pragma once

#include <cstdint>

#include "api/compile_time_args.h"
#include "api/debug/dprint.h"
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

constexpr bool DST_ACCUM_MODE = TTEMU_DST_ACCUM_MODE;
constexpr bool APPROX = TTEMU_APPROX;

#define UNPACK(x) x
#define MATH(x) x
#define PACK(x) x

namespace ckernel {

enum class VectorMode : std::uint8_t { None = 0, R = 1, C = 2, RC = 4, RC_custom = 6, Invalid = 0xFF };
enum class ReduceDim : std::uint8_t { REDUCE_ROW, REDUCE_COL, REDUCE_SCALAR };
enum class PoolType : std::uint8_t { SUM, AVG, MAX, MIN };
enum class EltwiseBinaryType : std::uint8_t { ELWMUL, ELWDIV, ELWADD, ELWSUB, ELWLESS };
enum class EltwiseBinaryReuseDestType { NONE = 0, DEST_TO_SRCA = 1, DEST_TO_SRCB = 2 };
enum class DstSync : std::uint8_t { SyncHalf = 0, SyncFull = 1 };
enum class BroadcastType : std::uint8_t { NONE = 0x0, COL = 0x1, ROW = 0x2, SCALAR = 0x3 };
enum class DstRoundingMode : std::uint8_t { Default = 0, Rne = 1 };

// Packer ReLU modes (tt-llk llk_defs.h); the encoding is the hardware's RELU_MODE.
enum class ReluType : std::uint8_t { NO_RELU = 0, ZERO_RELU, MIN_THRESHOLD_RELU, MAX_THRESHOLD_RELU };

// Packer ReLU config: mode and a 16-bit (bfloat16) threshold.
struct ReluConfig {
    static constexpr ReluConfig none() { return {ReluType::NO_RELU}; }
    static constexpr ReluConfig zero() { return {ReluType::ZERO_RELU}; }
    static constexpr ReluConfig min_threshold(std::uint32_t t) { return {ReluType::MIN_THRESHOLD_RELU, t}; }
    static constexpr ReluConfig max_threshold(std::uint32_t t) { return {ReluType::MAX_THRESHOLD_RELU, t}; }
    static constexpr ReluConfig from_packed(std::uint32_t packed) {
        return {static_cast<ReluType>(packed & 0x3), (packed >> 16) & 0xFFFF};
    }
    constexpr ReluType get_mode() const { return mode; }
    constexpr std::uint32_t get_threshold() const { return threshold; }

    ReluType mode = ReluType::NO_RELU;
    std::uint32_t threshold = 0;
};

}  // namespace ckernel

using ckernel::BroadcastType;
using ckernel::EltwiseBinaryReuseDestType;
using ckernel::EltwiseBinaryType;
using ckernel::PoolType;
using ckernel::ReduceDim;
using ckernel::VectorMode;
