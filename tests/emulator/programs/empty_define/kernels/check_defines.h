// The host defines EMPTY and EMPTY_FN(i) with empty values and ONE as 1.
#pragma once
#define TTEMU_STR2(...) #__VA_ARGS__
#define TTEMU_STR(...) TTEMU_STR2(__VA_ARGS__)
#if !defined(EMPTY) || !defined(EMPTY_FN) || !defined(ONE)
#error "the host's defines are missing"
#endif
static_assert(sizeof(TTEMU_STR(EMPTY)) == 1, "a define with an empty value expands to nothing");
static_assert(sizeof(TTEMU_STR(EMPTY_FN(0))) == 1, "a function-like define with an empty value expands to nothing");
static_assert(ONE == 1);
