// The vectorised matmul inner loops, one set per instruction set, chosen once for the host CPU.
#pragma once

#include <cstdint>

namespace ttemu {

struct MatmulKernels {
    // tile[two_terms][fp32_dst](x, y, x2, y2, d): DST tile d += x @ y (+ x2 @ y2), all in face
    // layout; x2, y2 only when two_terms (HiFi3). See matmul_kernels.inc.
    void (*tile[2][2])(const float* x, const float* y, const float* x2, const float* y2, float* d);
    // split(in, m1, m2, diff, o1, o2): o1 = in & m1, o2 = diff ? in - o1 : in & m2 (o2 may be null).
    void (*split)(const float* in, uint32_t m1, uint32_t m2, bool diff, float* o1, float* o2);
    // The same from a bfloat16 tile.
    void (*split_bf16)(const uint16_t* in, uint32_t m1, uint32_t m2, bool diff, float* o1, float* o2);
};

const MatmulKernels& matmul_kernels();

}  // namespace ttemu
