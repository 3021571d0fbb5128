// Integer helpers of the firmware (internal/mod_div_lib.h): RISC-V has no fast divide, so
// kernels call these; on the host they are the plain operations.
#pragma once

#include <cstdint>

inline __attribute__((always_inline)) unsigned int mulsi3(unsigned int a, unsigned int b) { return a * b; }
inline __attribute__((always_inline)) uint32_t fast_udiv_7(uint32_t n) { return n / 7; }
inline __attribute__((always_inline)) uint32_t fast_udiv_12(uint32_t n) { return n / 12; }
inline __attribute__((always_inline)) uint32_t fast_udiv_20(uint32_t n) { return n / 20; }
inline __attribute__((always_inline)) uint32_t fast_udiv_28(uint32_t n) { return n / 28; }
inline __attribute__((always_inline)) uint32_t fast_udiv_48(uint32_t n) { return n / 48; }
inline __attribute__((always_inline)) uint32_t fast_udiv_56(uint32_t n) { return n / 56; }
inline __attribute__((always_inline)) uint32_t fast_udiv_63(uint32_t n) { return n / 63; }
inline __attribute__((always_inline)) uint32_t fast_udiv_70(uint32_t n) { return n / 70; }
inline __attribute__((always_inline)) uint32_t fast_udiv_72(uint32_t n) { return n / 72; }
inline __attribute__((always_inline)) uint32_t fast_udiv_80(uint32_t n) { return n / 80; }
inline __attribute__((always_inline)) uint32_t fast_udiv_94(uint32_t n) { return n / 94; }
inline __attribute__((always_inline)) uint32_t fast_udiv_108(uint32_t n) { return n / 108; }
inline __attribute__((always_inline)) uint32_t fast_udiv_110(uint32_t n) { return n / 110; }
inline __attribute__((always_inline)) uint32_t fast_udiv_117(uint32_t n) { return n / 117; }
inline __attribute__((always_inline)) uint32_t fast_udiv_120(uint32_t n) { return n / 120; }
inline __attribute__((always_inline)) uint32_t fast_udiv_124(uint32_t n) { return n / 124; }
inline __attribute__((always_inline)) uint32_t fast_udiv_126(uint32_t n) { return n / 126; }
inline __attribute__((always_inline)) uint32_t fast_udiv_130(uint32_t n) { return n / 130; }
inline __attribute__((always_inline)) uint32_t fast_udiv_140(uint32_t n) { return n / 140; }
template <uint32_t d>
inline __attribute__((always_inline)) uint32_t udivsi3_const_divisor(uint32_t n) {
    return n / d;
}
template <uint32_t d>
inline __attribute__((always_inline)) uint32_t umodsi3_const_divisor(uint32_t a) {
    return a % d;
}
