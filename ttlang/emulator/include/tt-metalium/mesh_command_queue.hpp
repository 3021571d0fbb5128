#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "tt-metalium/mesh_buffer.hpp"
#include "tt-metalium/mesh_workload.hpp"
#include "tt-metalium/sub_device_types.hpp"

namespace tt::tt_metal::distributed {

class MeshDevice;

// The emulator executes each command when it is enqueued; finish() has nothing left to wait for.
class MeshCommandQueue {
public:
    MeshCommandQueue(MeshDevice* device, uint32_t id) : device_(device), id_(id) {}
    MeshDevice* device() const { return device_; }
    uint32_t id() const { return id_; }
    void enqueue_mesh_workload(MeshWorkload& mesh_workload, bool blocking);
    void enqueue_write_mesh_buffer(const std::shared_ptr<MeshBuffer>& buffer, const void* host_data, bool blocking);
    void enqueue_read_mesh_buffer(void* host_data, const std::shared_ptr<MeshBuffer>& buffer, bool blocking);
    void finish(std::span<const SubDeviceId> sub_device_ids = {});

private:
    MeshDevice* device_;
    uint32_t id_;
};

}  // namespace tt::tt_metal::distributed
