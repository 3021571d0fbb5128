#pragma once

#include <memory>

namespace ttemu {
struct ProgramImpl;
}

namespace tt::tt_metal {

// A program: kernels, circular buffers, semaphores and runtime arguments for a set of cores.
class Program {
public:
    Program();
    ~Program();
    Program(Program&& other) noexcept;
    Program& operator=(Program&& other) noexcept;
    Program(const Program&) = delete;
    Program& operator=(const Program&) = delete;

    ttemu::ProgramImpl& impl() const { return *impl_; }  // emulator internals

private:
    std::unique_ptr<ttemu::ProgramImpl> impl_;
};

}  // namespace tt::tt_metal
