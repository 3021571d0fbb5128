#pragma once

#include <cstdint>
#include <memory>

#include "tt-metalium/buffer_types.hpp"

namespace ttemu {
class Device;
}

namespace tt::tt_metal {

// One device's view of an interleaved buffer (the reference buffer of a MeshBuffer).
class Buffer {
public:
    Buffer(ttemu::Device* device, BufferType type, DeviceAddr address, DeviceAddr size, DeviceAddr page_size,
           DeviceAddr aligned_page_size) :
        device_(device), type_(type), address_(address), size_(size), page_size_(page_size),
        aligned_page_size_(aligned_page_size) {}

    DeviceAddr address() const { return address_; }
    DeviceAddr size() const { return size_; }
    DeviceAddr page_size() const { return page_size_; }
    uint32_t num_pages() const { return page_size_ ? static_cast<uint32_t>(size_ / page_size_) : 0; }
    DeviceAddr aligned_page_size() const { return aligned_page_size_; }
    BufferType buffer_type() const { return type_; }
    bool is_dram() const { return type_ == BufferType::DRAM; }
    bool is_l1() const { return type_ == BufferType::L1; }
    TensorMemoryLayout buffer_layout() const { return TensorMemoryLayout::INTERLEAVED; }
    ttemu::Device* emu() const { return device_; }

private:
    ttemu::Device* device_;
    BufferType type_;
    DeviceAddr address_, size_, page_size_, aligned_page_size_;
};

}  // namespace tt::tt_metal
