// DPRINT("fmt {}\n", args...): fmt-style device print, prefixed with the core and thread.
#pragma once

#include <cstdint>
#include <type_traits>

#include "ttemu/kernel_abi.h"

namespace ttemu::detail {

template <typename T>
TTEMU_ALWI void print_arg(abi::PrintArg& kind, uint64_t& value, const T& v) {
    using U = std::decay_t<T>;
    if constexpr (std::is_same_v<U, bool>) {
        kind = abi::PrintArg::Bool;
        value = v;
    } else if constexpr (std::is_floating_point_v<U>) {
        double d = v;
        kind = abi::PrintArg::Float;
        __builtin_memcpy(&value, &d, sizeof d);
    } else if constexpr (std::is_same_v<U, const char*> || std::is_same_v<U, char*>) {
        kind = abi::PrintArg::Str;
        value = reinterpret_cast<uint64_t>(v);
    } else if constexpr (std::is_pointer_v<U>) {
        kind = abi::PrintArg::Ptr;
        value = reinterpret_cast<uint64_t>(v);
    } else if constexpr (std::is_enum_v<U>) {
        kind = abi::PrintArg::Int;
        value = static_cast<uint64_t>(static_cast<int64_t>(v));
    } else if constexpr (std::is_signed_v<U>) {
        kind = abi::PrintArg::Int;
        value = static_cast<uint64_t>(static_cast<int64_t>(v));
    } else {
        kind = abi::PrintArg::Uint;
        value = static_cast<uint64_t>(v);
    }
}

template <typename... Args>
TTEMU_ALWI void device_print(const char* fmt, const Args&... args) {
    constexpr size_t n = sizeof...(Args);
    abi::PrintArg kinds[n + 1];
    uint64_t values[n + 1];
    size_t i = 0;
    ((print_arg(kinds[i], values[i], args), ++i), ...);
    abi::print(fmt, kinds, values, n);
}

}  // namespace ttemu::detail

#define DEVICE_PRINT(format, ...) ::ttemu::detail::device_print(format, ##__VA_ARGS__)
#define DPRINT(format, ...) DEVICE_PRINT(format, ##__VA_ARGS__)
#define DPRINT_UNPACK(format, ...) DEVICE_PRINT(format, ##__VA_ARGS__)
#define DPRINT_MATH(format, ...) DEVICE_PRINT(format, ##__VA_ARGS__)
#define DPRINT_PACK(format, ...) DEVICE_PRINT(format, ##__VA_ARGS__)
#define DPRINT_DATA0(format, ...) DEVICE_PRINT(format, ##__VA_ARGS__)
#define DPRINT_DATA1(format, ...) DEVICE_PRINT(format, ##__VA_ARGS__)
