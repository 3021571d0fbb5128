// The matmul inner loops (matmul_kernels.inc), compiled for AVX-512, AVX2+FMA and baseline
// x86-64 and picked at load time by what the host CPU supports (elsewhere: one portable build).
// All of them give identical results: every product is exact in fp32 (bfloat16 and TF32
// operands), so a fused multiply-add rounds like a multiply followed by an add, and the order of
// the sums is fixed.
#include "matmul_kernels.hpp"

#include <cstdlib>
#include <string>

#include "tile.hpp"

namespace ttemu {
namespace {

// The helpers that pass vectors by value are internal and inlined: no calling convention is crossed.
#pragma GCC diagnostic ignored "-Wpsabi"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define TTEMU_MM_MULTIVERSION 1

#pragma GCC push_options
#pragma GCC target("arch=x86-64-v4")
#pragma GCC optimize("O3", "fp-contract=fast")
namespace avx512 {
constexpr int kLanes = 16, kRows = 8;  // 16 zmm accumulators
#include "matmul_kernels.inc"
}  // namespace avx512
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("arch=x86-64-v3")
#pragma GCC optimize("O3", "fp-contract=fast")
namespace avx2 {
constexpr int kLanes = 8, kRows = 2;  // 8 ymm accumulators
#include "matmul_kernels.inc"
}  // namespace avx2
#pragma GCC pop_options
#endif

#pragma GCC push_options
#pragma GCC optimize("O3", "fp-contract=fast")
namespace generic {
constexpr int kLanes = 4, kRows = 1;  // SSE2 / NEON: 8 accumulators
#include "matmul_kernels.inc"
}  // namespace generic
#pragma GCC pop_options

// The best set the CPU runs; TTEMU_ISA=avx2|generic picks a lesser one (for tests: every set
// must give the same bits).
const MatmulKernels& pick() {
    const char* env = std::getenv("TTEMU_ISA");
    const std::string want = env ? env : "";
    if (want == "generic") return generic::kernels;
#ifdef TTEMU_MM_MULTIVERSION
    __builtin_cpu_init();
    if (want != "avx2" && __builtin_cpu_supports("x86-64-v4")) return avx512::kernels;
    if (__builtin_cpu_supports("x86-64-v3")) return avx2::kernels;
#endif
    return generic::kernels;
}

}  // namespace

const MatmulKernels& matmul_kernels() {
    static const MatmulKernels& k = pick();
    return k;
}

}  // namespace ttemu
