// Sub-device ids (tt-metalium/sub_device_types.hpp). The emulator runs every program on the whole
// device; the types exist so that host code naming them compiles and links as against tt-metal.
#pragma once

#include <cstdint>

#include "tt_stl/strong_type.hpp"

namespace tt::tt_metal {

using SubDeviceId = ttsl::StrongType<uint8_t, struct SubDeviceIdTag>;
using SubDeviceManagerId = ttsl::StrongType<uint64_t, struct SubDeviceManagerIdTag>;

}  // namespace tt::tt_metal
