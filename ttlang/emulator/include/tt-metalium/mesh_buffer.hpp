#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <variant>

#include "tt-metalium/buffer.hpp"
#include "tt-metalium/buffer_types.hpp"
#include "tt-metalium/sub_device_types.hpp"

namespace tt::tt_metal {
struct BufferShardingArgs {};  // interleaved (the only layout the emulator implements)
struct Shape2D {
    uint32_t height = 0, width = 0;
};
}  // namespace tt::tt_metal

namespace tt::tt_metal::distributed {

class MeshDevice;

struct DeviceLocalBufferConfig {
    DeviceAddr page_size = 0;
    BufferType buffer_type = BufferType::DRAM;
    BufferShardingArgs sharding_args;
    std::optional<bool> bottom_up;
    std::optional<SubDeviceId> sub_device_id = std::nullopt;
};

struct ReplicatedBufferConfig {
    DeviceAddr size = 0;
};

struct ShardedBufferConfig {
    DeviceAddr global_size = 0;
    Shape2D global_buffer_shape = {0, 0};
    Shape2D shard_shape = {0, 0};
    ShardOrientation shard_orientation = ShardOrientation::ROW_MAJOR;
};

using MeshBufferConfig = std::variant<ReplicatedBufferConfig, ShardedBufferConfig>;

// An interleaved buffer in DRAM (pages round-robin over the DRAM banks) or L1 (over the cores).
class MeshBuffer {
public:
    static std::shared_ptr<MeshBuffer> create(const MeshBufferConfig& mesh_buffer_config,
                                              const DeviceLocalBufferConfig& device_local_config, MeshDevice* mesh_device,
                                              std::optional<DeviceAddr> address = std::nullopt);
    ~MeshBuffer();
    MeshBuffer(const MeshBuffer&) = delete;
    MeshBuffer& operator=(const MeshBuffer&) = delete;

    bool is_allocated() const { return allocated_; }
    void deallocate();
    MeshDevice* device() const { return device_; }
    DeviceAddr size() const { return ref_.size(); }
    DeviceAddr device_local_size() const { return ref_.size(); }
    DeviceAddr address() const { return ref_.address(); }
    uint32_t page_size() const { return static_cast<uint32_t>(ref_.page_size()); }
    uint32_t num_pages() const { return ref_.num_pages(); }
    const DeviceLocalBufferConfig& device_local_config() const { return local_config_; }
    Buffer* get_reference_buffer() const { return const_cast<Buffer*>(&ref_); }
    Buffer* get_backing_buffer() const { return get_reference_buffer(); }

    MeshBuffer(MeshDevice* device, const DeviceLocalBufferConfig& local, Buffer ref, bool owns);

private:
    MeshDevice* device_;
    DeviceLocalBufferConfig local_config_;
    Buffer ref_;
    bool owns_;
    bool allocated_ = true;
};

}  // namespace tt::tt_metal::distributed
