#pragma once

#include <cstdint>

namespace ckernel {

// How the two input CBs map onto SrcA/SrcB: Regular icb0 -> SrcA; Reverse (matmul) icb0 -> SrcB.
enum class SrcOrder : uint8_t { Regular = 0, Reverse = 1 };

}  // namespace ckernel
