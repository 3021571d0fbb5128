// A Metalium API function that the emulator declares with its v0.81.1 signature but does not
// emulate yet. Its body is a dependent static_assert, so a kernel that only names it in a branch
// it never compiles (a discarded `if constexpr`) still builds, and one that calls it fails at
// that call with one line: "ttemu: <function> (<header>) is not emulated".
#pragma once

namespace ttemu {
template <auto...>
inline constexpr bool not_emulated = false;
}  // namespace ttemu

#define TTEMU_NOT_EMULATED(function, header, ...) \
    static_assert(::ttemu::not_emulated<__VA_ARGS__>, "ttemu: " function " (" header ") is not emulated")
