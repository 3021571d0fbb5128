// What kernels use of tt-llk's ckernel_defs.h: tile and face dimensions, the thread ids of the
// Tensix RISCs (for the mailboxes between them).
#pragma once

#include <cstdint>

namespace ckernel {

constexpr std::uint32_t FACE_HEIGHT = 16;
constexpr std::uint32_t FACE_WIDTH = 16;
constexpr std::uint32_t TILE_HEIGHT = 32;
constexpr std::uint32_t TILE_WIDTH = 32;
constexpr std::uint32_t FACE_R_DIM = FACE_HEIGHT;
constexpr std::uint32_t FACE_C_DIM = FACE_WIDTH;
constexpr std::uint32_t TILE_R_DIM = TILE_HEIGHT;
constexpr std::uint32_t TILE_C_DIM = TILE_WIDTH;
constexpr std::uint32_t TILE_NUM_FACES = 4;

// How rdiv rounds its quotient (tt_llk_wormhole_b0/common/inc/ckernel_defs.h).
enum class RoundingMode : std::uint8_t { None = 0, Trunc = 1, Floor = 2 };

enum ThreadId { BriscThreadId = 0, UnpackThreadId = 1, MathThreadId = 2, PackThreadId = 3 };

}  // namespace ckernel
