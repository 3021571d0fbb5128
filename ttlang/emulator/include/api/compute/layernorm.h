// TT-Metalium v0.81.1 api/compute/layernorm.h, on the ttemu emulator: as the real header, it only
// brings the compute kernel API and rsqrt_tile, which TT-NN's layernorm and rmsnorm kernels use.
#pragma once

#include "api/compute/compute_kernel_api.h"
#include "api/compute/eltwise_unary/rsqrt.h"
