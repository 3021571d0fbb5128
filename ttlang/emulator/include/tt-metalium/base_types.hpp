#pragma once

#include <cstdint>

namespace tt::tt_metal {

// Fidelity phases of the FPU multiplier (see the emulator docs for their numerical effect).
enum class MathFidelity : uint8_t { LoFi = 0, HiFi2 = 2, HiFi3 = 3, HiFi4 = 4, Invalid = 0xff };
enum class UnpackToDestMode : uint8_t { UnpackToDestFp32, Default };

}  // namespace tt::tt_metal

using MathFidelity = tt::tt_metal::MathFidelity;
using UnpackToDestMode = tt::tt_metal::UnpackToDestMode;
