#pragma once

#include <cstdint>

#include "tt-metalium/core_coord.hpp"
#include "tt-metalium/tt_backend_api_types.hpp"

namespace tt {
enum class CoreType { ARC, DRAM, ETH, PCIE, WORKER, HARVESTED, ROUTER_ONLY, TENSIX, ACTIVE_ETH, IDLE_ETH };
}

namespace tt::tt_metal {

// The device interface that MeshDevice implements.
class IDevice {
public:
    virtual ~IDevice() = default;
    virtual tt::ARCH arch() const = 0;
    virtual int id() const = 0;
    virtual int num_dram_channels() const = 0;
    virtual uint32_t l1_size_per_core() const = 0;
    virtual CoreCoord grid_size() const = 0;
    virtual CoreCoord logical_grid_size() const = 0;
    virtual CoreCoord compute_with_storage_grid_size() const = 0;
    virtual CoreCoord worker_core_from_logical_core(const CoreCoord& logical_core) const = 0;
    virtual CoreCoord virtual_core_from_logical_core(const CoreCoord& logical_coord, const CoreType& core_type) const = 0;
    virtual CoreCoord logical_core_from_dram_channel(uint32_t dram_channel) const = 0;
    virtual bool close() = 0;
};

}  // namespace tt::tt_metal
