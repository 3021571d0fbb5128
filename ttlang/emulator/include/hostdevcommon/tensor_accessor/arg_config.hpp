// Configuration word of a TensorAccessor (the first compile-time argument it consumes).
#pragma once

#include <cstdint>

namespace tensor_accessor {

enum class ArgConfig : uint8_t {
    None = 0,
    Sharded = 1 << 0,
    IsDram = 1 << 1,
    RuntimeRank = 1 << 2,
    RuntimeNumBanks = 1 << 3,
    RuntimeTensorShape = 1 << 4,
    RuntimeShardShape = 1 << 5,
    RuntimeBankCoords = 1 << 6,
    RuntimePageSize = 1 << 7,
    Runtime = RuntimeRank | RuntimeNumBanks | RuntimeTensorShape | RuntimeShardShape | RuntimeBankCoords |
              RuntimePageSize
};

// A set of ArgConfig flags (Flags<ArgConfig> in Metalium).
class ArgsConfig {
public:
    using Underlying = uint8_t;
    constexpr ArgsConfig() = default;
    constexpr ArgsConfig(ArgConfig f) : bits_(static_cast<Underlying>(f)) {}
    constexpr explicit ArgsConfig(Underlying bits) : bits_(bits) {}
    constexpr bool test(ArgConfig f) const { return (bits_ & static_cast<Underlying>(f)) != 0; }
    constexpr ArgsConfig& set(ArgConfig f, bool on = true) {
        bits_ = on ? Underlying(bits_ | static_cast<Underlying>(f)) : Underlying(bits_ & ~static_cast<Underlying>(f));
        return *this;
    }
    constexpr Underlying raw() const { return bits_; }
    constexpr ArgsConfig operator|(ArgConfig f) const { return ArgsConfig(Underlying(bits_ | static_cast<Underlying>(f))); }
    constexpr ArgsConfig operator|(ArgsConfig o) const { return ArgsConfig(Underlying(bits_ | o.bits_)); }
    constexpr bool operator==(const ArgsConfig& o) const { return bits_ == o.bits_; }

private:
    Underlying bits_ = 0;
};

constexpr ArgsConfig operator|(ArgConfig a, ArgConfig b) noexcept { return ArgsConfig(a) | b; }

constexpr uint32_t UNKNOWN = static_cast<uint32_t>(-1);

}  // namespace tensor_accessor
