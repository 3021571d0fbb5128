// Metal 2.0 named kernel arguments (v0.81.1 experimental/kernel_args.h): accessors of runtime,
// common runtime and compile-time args that a generated kernel_args_generated.h names.
#pragma once

#include <cstdint>

#define TT_KERNEL static FORCE_INLINE

namespace experimental {

template <typename T>
struct RtaArg {
    uint32_t byte_offset;
};
template <typename T>
struct CrtaArg {
    uint32_t byte_offset;
};
template <typename T>
struct CtaVal {
    T value;
};

template <typename T>
FORCE_INLINE T get_arg(RtaArg<T> arg) {
    static_assert(sizeof(T) == 4, "Only uint32_t args are currently supported.");
    return *reinterpret_cast<volatile T*>(static_cast<uintptr_t>(get_arg_addr(arg.byte_offset / sizeof(uint32_t))));
}
template <typename T>
FORCE_INLINE T get_arg(CrtaArg<T> arg) {
    static_assert(sizeof(T) == 4, "Only uint32_t args are currently supported.");
    return *reinterpret_cast<volatile T*>(
        static_cast<uintptr_t>(get_common_arg_addr(arg.byte_offset / sizeof(uint32_t))));
}
template <typename T>
FORCE_INLINE constexpr T get_arg(CtaVal<T> arg) {
    return arg.value;
}

}  // namespace experimental
