// What kernels use of v0.81.1's internal/risc_attribs.h: the L1 pointer attributes (no-ops on
// the CPU), a 64-bit word read as two 32-bit halves, L1 word counts, FORCE_INLINE.
#pragma once

#include <cstddef>
#include <cstdint>

#ifndef tt_l1_ptr
#define tt_l1_ptr
#endif
#ifndef tt_reg_ptr
#define tt_reg_ptr
#endif
#ifndef FORCE_INLINE
#define FORCE_INLINE inline __attribute__((always_inline))
#endif

union tt_uint64_t {
    uint64_t v;
    struct {
        uint32_t hi;
        uint32_t lo;
    };
};

enum class L1WordCount : int32_t {};
constexpr L1WordCount l1_word_count_from_bytes(size_t bytes) { return static_cast<L1WordCount>(bytes / 4); }
template <typename T>
constexpr L1WordCount l1_word_count_from_range(T* start, T* end) {
    static_assert(sizeof(T) == sizeof(uint32_t), "L1WordCount ranges must use 32-bit elements");
    return static_cast<L1WordCount>(end - start);
}

enum class InlineWriteDst : uint8_t { DEFAULT = 0, L1 = 1, REG = 2 };

// The two halves read in the order the RISC-V does (hi, then lo), into the union.
inline __attribute__((always_inline)) uint64_t tt_l1_load(tt_uint64_t tt_l1_ptr* p) {
    tt_uint64_t v;
    v.hi = p->hi;
    v.lo = p->lo;
    return v.v;
}
inline __attribute__((always_inline)) uint64_t tt_l1_load(volatile tt_uint64_t* tt_l1_ptr p) {
    tt_uint64_t v;
    v.hi = p->hi;
    v.lo = p->lo;
    return v.v;
}
