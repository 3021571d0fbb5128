#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "hostdevcommon/tensor_accessor/arg_config.hpp"
#include "tt-metalium/buffer.hpp"
#include "tt-metalium/mesh_buffer.hpp"

namespace tt::tt_metal {

// Host side of a TensorAccessor: the compile-time words a kernel's TensorAccessorArgs<OFFSET>
// decodes. Interleaved buffers take two words: the ArgConfig flags and the aligned page size.
class TensorAccessorArgs {
public:
    TensorAccessorArgs() = default;
    explicit TensorAccessorArgs(const Buffer& buffer, tensor_accessor::ArgsConfig args_config = tensor_accessor::ArgConfig::None) :
        buffer_(&buffer), args_config_(args_config) {
        update_args_config();
    }
    explicit TensorAccessorArgs(const Buffer* buffer, tensor_accessor::ArgsConfig args_config = tensor_accessor::ArgConfig::None) :
        buffer_(buffer), args_config_(args_config) {
        update_args_config();
    }
    explicit TensorAccessorArgs(const std::shared_ptr<Buffer>& buffer,
                                tensor_accessor::ArgsConfig args_config = tensor_accessor::ArgConfig::None) :
        TensorAccessorArgs(buffer.get(), args_config) {}
    explicit TensorAccessorArgs(const distributed::MeshBuffer& buffer,
                                tensor_accessor::ArgsConfig args_config = tensor_accessor::ArgConfig::None) :
        TensorAccessorArgs(buffer.get_reference_buffer(), args_config) {}
    explicit TensorAccessorArgs(const distributed::MeshBuffer* buffer,
                                tensor_accessor::ArgsConfig args_config = tensor_accessor::ArgConfig::None) :
        TensorAccessorArgs(buffer ? buffer->get_reference_buffer() : nullptr, args_config) {}
    explicit TensorAccessorArgs(const std::shared_ptr<distributed::MeshBuffer>& buffer,
                                tensor_accessor::ArgsConfig args_config = tensor_accessor::ArgConfig::None) :
        TensorAccessorArgs(buffer.get(), args_config) {}

    static TensorAccessorArgs create_dram_interleaved() {
        TensorAccessorArgs a;
        a.args_config_ = tensor_accessor::ArgConfig::IsDram;
        return a;
    }
    static TensorAccessorArgs create_l1_interleaved() { return TensorAccessorArgs(); }

    void append_to(std::vector<uint32_t>& compile_time_args) const {
        compile_time_args.push_back(args_config_.raw());
        compile_time_args.push_back(buffer_ ? static_cast<uint32_t>(buffer_->aligned_page_size()) : 0u);
    }
    void append_to(std::vector<uint32_t>& compile_time_args, std::vector<uint32_t>& common_runtime_args) const {
        append_to(compile_time_args);
    }
    std::vector<uint32_t> get_compile_time_args() const {
        std::vector<uint32_t> v;
        append_to(v);
        return v;
    }
    std::vector<uint32_t> get_common_runtime_args() const { return {}; }

    static constexpr size_t MAX_NUM_DIMENSIONS = 8;

private:
    void update_args_config() {
        args_config_ = tensor_accessor::ArgConfig::None;
        if (buffer_ && buffer_->is_dram()) args_config_ = tensor_accessor::ArgConfig::IsDram;
    }
    const Buffer* buffer_ = nullptr;
    tensor_accessor::ArgsConfig args_config_ = tensor_accessor::ArgConfig::None;
};

}  // namespace tt::tt_metal
