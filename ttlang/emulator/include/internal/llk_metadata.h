// LLK metadata a Metal 2.0 binding token may carry (v0.81.1 internal/llk_metadata.h): the
// entry's data format and tile shape, for the LLK 2.0 operand of a math kernel.
#pragma once

#include <cstdint>

namespace binding_details {

struct LLKMetadata {
    static constexpr uint8_t kNoFormat = 0xFF;

    uint8_t format = kNoFormat;
    uint8_t face_r_dim = 16;
    uint8_t face_c_dim = 16;
    uint8_t num_faces_r_dim = 2;
    uint8_t num_faces_c_dim = 2;
};

}  // namespace binding_details
