// Access patterns of a DataflowBuffer (v0.81.1 api/dataflow/dfb_access.h); on Wormhole and
// Blackhole a DataflowBuffer is a circular buffer and the patterns do not apply.
#pragma once

#include <cstdint>

namespace dfb {
enum AccessPattern : uint8_t { STRIDED, ALL, BLOCKED, UNKNOWN };
}  // namespace dfb

class DataflowBuffer;
using DataflowBufferAnyPattern = DataflowBuffer;

template <typename T>
inline constexpr bool is_dataflow_buffer_v = false;
template <>
inline constexpr bool is_dataflow_buffer_v<DataflowBuffer> = true;
