#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "hostdevcommon/common_values.hpp"
#include "tt-metalium/core_coord.hpp"
#include "tt-metalium/device.hpp"
#include "tt-metalium/dispatch_core_common.hpp"
#include "tt-metalium/mesh_coord.hpp"
#include "tt-metalium/tt_backend_api_types.hpp"

namespace ttemu {
class Device;
}

namespace tt::tt_metal::distributed {

class MeshCommandQueue;

// A mesh of devices; the emulator provides unit meshes. The architecture preset comes from
// TTEMU_ARCH / TT_METAL_ARCH_NAME ("wormhole_b0", the default: Wormhole n150 8x8; or
// "blackhole": Blackhole p150 13x10).
class MeshDevice : public IDevice, public std::enable_shared_from_this<MeshDevice> {
public:
    static std::shared_ptr<MeshDevice> create_unit_mesh(
        int device_id,
        size_t l1_small_size = DEFAULT_L1_SMALL_SIZE,
        size_t trace_region_size = DEFAULT_TRACE_REGION_SIZE,
        size_t num_command_queues = 1,
        const DispatchCoreConfig& dispatch_core_config = DispatchCoreConfig{},
        std::span<const std::uint32_t> l1_bank_remap = {},
        size_t worker_l1_size = DEFAULT_WORKER_L1_SIZE);

    ~MeshDevice() override;
    MeshDevice(const MeshDevice&) = delete;
    MeshDevice& operator=(const MeshDevice&) = delete;

    MeshCommandQueue& mesh_command_queue(std::optional<uint8_t> cq_id = std::nullopt) const;
    tt::ARCH arch() const override;
    int id() const override;
    int num_dram_channels() const override;
    uint32_t l1_size_per_core() const override;
    uint32_t dram_size_per_channel() const;
    int get_clock_rate_mhz() const;
    CoreCoord grid_size() const override;
    CoreCoord logical_grid_size() const override;
    CoreCoord compute_with_storage_grid_size() const override;
    CoreCoord dram_grid_size() const;
    CoreCoord worker_core_from_logical_core(const CoreCoord& logical_core) const override;
    CoreCoord virtual_core_from_logical_core(const CoreCoord& logical_coord, const CoreType& core_type) const override;
    CoreCoord logical_core_from_dram_channel(uint32_t dram_channel) const override;
    const MeshShape& shape() const;
    size_t num_devices() const { return 1; }
    bool close() override;

    ttemu::Device& emu() const;  // emulator internals

    struct Private;
    explicit MeshDevice(std::unique_ptr<Private> p);

private:
    std::unique_ptr<Private> p_;
};

}  // namespace tt::tt_metal::distributed
