// User-space fibers: a stack and a saved stack pointer, switched by a few lines of assembly
// (no system call per switch, unlike swapcontext).
#pragma once

#include <cstddef>
#include <cstdint>

namespace ttemu {

class Fiber {
public:
    using Entry = void (*)(void* arg);

    Fiber(Entry entry, void* arg, size_t stack_size);
    ~Fiber();
    Fiber(const Fiber&) = delete;
    Fiber& operator=(const Fiber&) = delete;

    // Runs this fiber from the scheduler's context until it yields or finishes.
    void resume();
    // Called from inside the running fiber: returns control to the scheduler.
    void yield();
    bool finished() const { return finished_; }

private:
    static void start(void* self);

    Entry entry_;
    void* arg_;
    void* stack_ = nullptr;
    size_t stack_size_ = 0;
    void* sp_ = nullptr;         // saved stack pointer of the fiber
    void* caller_sp_ = nullptr;  // saved stack pointer of the scheduler
    bool finished_ = false;
};

}  // namespace ttemu
