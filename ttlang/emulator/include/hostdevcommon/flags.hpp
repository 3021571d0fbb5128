// Flags<E> (hostdevcommon/flags.hpp): a set of the bits of the enum E. Global namespace, as in
// tt-metal: tensor_accessor::ArgsConfig is Flags<tensor_accessor::ArgConfig>, and that name is
// part of the mangled TensorAccessorArgs constructors libtt_metal.so exports.
#pragma once

#include <type_traits>

template <typename E>
class Flags {
public:
    static_assert(std::is_enum_v<E>, "Flags<E> requires E to be an enum.");

    using Underlying = std::underlying_type_t<E>;

    constexpr Flags() noexcept = default;
    constexpr Flags(E value) noexcept : bits_(bit(value)) {}
    constexpr Flags(E a, E b) noexcept : bits_(bit(a) | bit(b)) {}
    constexpr explicit Flags(Underlying bits) noexcept : bits_(bits) {}

    constexpr Flags operator|(E other) const noexcept { return Flags(Underlying(bits_ | bit(other))); }
    constexpr Flags operator|(Flags other) const noexcept { return Flags(Underlying(bits_ | other.bits_)); }
    constexpr Flags operator&(E other) const noexcept { return Flags(Underlying(bits_ & bit(other))); }

    // True when every bit of `flag` is set (a composite such as ArgConfig::Runtime needs all of its).
    constexpr bool test(E flag) const noexcept { return (bits_ & bit(flag)) == bit(flag); }
    void set(E flag, bool value = true) noexcept {
        bits_ = value ? Underlying(bits_ | bit(flag)) : Underlying(bits_ & ~bit(flag));
    }

    constexpr Underlying raw() const noexcept { return bits_; }

private:
    static constexpr Underlying bit(E value) noexcept { return static_cast<Underlying>(value); }
    Underlying bits_ = 0;
};
