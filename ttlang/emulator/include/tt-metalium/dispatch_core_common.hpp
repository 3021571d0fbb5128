#pragma once

#include <cstdint>

namespace tt::tt_metal {

enum class DispatchCoreType : uint32_t { WORKER, ETH, COUNT };
enum class DispatchCoreAxis { ROW, COL, COUNT };

// Dispatch cores do not exist on the emulator: accepted and ignored.
class DispatchCoreConfig {
public:
    DispatchCoreConfig() = default;
    DispatchCoreConfig(DispatchCoreType type) : type_(type) {}
    DispatchCoreType get_dispatch_core_type() const { return type_; }

private:
    DispatchCoreType type_ = DispatchCoreType::WORKER;
};

}  // namespace tt::tt_metal
