#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include "hostdevcommon/kernel_structs.h"
#include "tt-metalium/circular_buffer_constants.h"
#include "tt-metalium/tt_backend_api_types.hpp"

namespace tt::tt_metal {

using CBHandle = uintptr_t;

class CircularBufferConfig {
public:
    CircularBufferConfig(uint32_t total_size) : total_size_(total_size) {}
    CircularBufferConfig(uint32_t total_size, const std::map<uint8_t, tt::DataFormat>& data_format_spec) :
        total_size_(total_size) {
        for (const auto& [index, format] : data_format_spec) {
            check_index(index);
            data_formats_[index] = format;
            buffer_indices_.insert(index);
        }
    }

    CircularBufferConfig& set_page_size(uint8_t buffer_index, uint32_t page_size) {
        check_index(buffer_index);
        if (!buffer_indices_.count(buffer_index))
            throw std::invalid_argument("Illegal circular buffer index " + std::to_string(buffer_index) +
                                        ": set a data format for it first");
        if (page_size == 0 || total_size_ % page_size != 0)
            throw std::invalid_argument("Total circular buffer size " + std::to_string(total_size_) +
                                        " B must be divisible by page size " + std::to_string(page_size) + " B");
        page_sizes_[buffer_index] = page_size;
        return *this;
    }
    CircularBufferConfig& set_total_size(uint32_t total_size) {
        total_size_ = total_size;
        return *this;
    }

    uint32_t total_size() const { return total_size_; }
    const std::unordered_set<uint8_t>& buffer_indices() const { return buffer_indices_; }
    const std::array<std::optional<tt::DataFormat>, NUM_CIRCULAR_BUFFERS>& data_formats() const { return data_formats_; }
    const std::array<std::optional<uint32_t>, NUM_CIRCULAR_BUFFERS>& page_sizes() const { return page_sizes_; }
    std::optional<uint32_t> globally_allocated_address() const { return std::nullopt; }
    bool dynamic_cb() const { return false; }

private:
    static void check_index(uint32_t index) {
        if (index >= NUM_CIRCULAR_BUFFERS)
            throw std::invalid_argument("Circular buffer index " + std::to_string(index) + " exceeds max number of " +
                                        std::to_string(NUM_CIRCULAR_BUFFERS) + " circular buffers");
    }
    uint32_t total_size_ = 0;
    std::unordered_set<uint8_t> buffer_indices_;
    std::array<std::optional<tt::DataFormat>, NUM_CIRCULAR_BUFFERS> data_formats_{};
    std::array<std::optional<uint32_t>, NUM_CIRCULAR_BUFFERS> page_sizes_{};
};

}  // namespace tt::tt_metal
