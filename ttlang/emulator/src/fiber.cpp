#include "fiber.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <utility>
#include <vector>

// ttemu_switch(save, to): saves the callee-saved registers of the running context on its own
// stack, stores the stack pointer in *save, loads `to` and restores the context saved there.
extern "C" void ttemu_switch(void** save, void* to);
extern "C" void ttemu_fiber_trampoline();

#if defined(__x86_64__)
asm(R"(
.text
.globl ttemu_switch
.type ttemu_switch,@function
ttemu_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
.size ttemu_switch,.-ttemu_switch

.globl ttemu_fiber_trampoline
.type ttemu_fiber_trampoline,@function
ttemu_fiber_trampoline:
    movq %r12, %rdi
    callq *%r13
    ud2
.size ttemu_fiber_trampoline,.-ttemu_fiber_trampoline
)");
#elif defined(__aarch64__)
asm(R"(
.text
.globl ttemu_switch
.type ttemu_switch,%function
ttemu_switch:
    sub sp, sp, #176
    stp x19, x20, [sp, #0]
    stp x21, x22, [sp, #16]
    stp x23, x24, [sp, #32]
    stp x25, x26, [sp, #48]
    stp x27, x28, [sp, #64]
    stp x29, x30, [sp, #80]
    stp d8, d9, [sp, #96]
    stp d10, d11, [sp, #112]
    stp d12, d13, [sp, #128]
    stp d14, d15, [sp, #144]
    mov x2, sp
    str x2, [x0]
    mov sp, x1
    ldp x19, x20, [sp, #0]
    ldp x21, x22, [sp, #16]
    ldp x23, x24, [sp, #32]
    ldp x25, x26, [sp, #48]
    ldp x27, x28, [sp, #64]
    ldp x29, x30, [sp, #80]
    ldp d8, d9, [sp, #96]
    ldp d10, d11, [sp, #112]
    ldp d12, d13, [sp, #128]
    ldp d14, d15, [sp, #144]
    add sp, sp, #176
    ret
.size ttemu_switch,.-ttemu_switch

.globl ttemu_fiber_trampoline
.type ttemu_fiber_trampoline,%function
ttemu_fiber_trampoline:
    mov x0, x19
    blr x20
    brk #0
.size ttemu_fiber_trampoline,.-ttemu_fiber_trampoline
)");
#else
#error "ttemu fibers: only x86_64 and aarch64 are supported"
#endif

namespace ttemu {

namespace {

// Stacks of finished fibers, for the next ones: a launch creates three fibers per core, and a
// fresh mapping costs a system call or three and a page fault per page the kernel touches.
struct StackPool {
    std::mutex mutex;
    std::vector<std::pair<void*, size_t>> free;  // (mapping, size with the guard page)
    static constexpr size_t kMax = 1024;
};

StackPool& pool() {
    static StackPool* p = new StackPool;  // never destroyed: fibers may outlive static destructors
    return *p;
}

}  // namespace

Fiber::Fiber(Entry entry, void* arg, size_t stack_size) : entry_(entry), arg_(arg) {
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    stack_size_ = (stack_size + page - 1) / page * page + page;  // + one guard page
    {
        StackPool& p = pool();
        std::lock_guard lock(p.mutex);
        for (size_t i = p.free.size(); i-- > 0;)
            if (p.free[i].second == stack_size_) {
                stack_ = p.free[i].first;
                p.free[i] = p.free.back();
                p.free.pop_back();
                break;
            }
    }
    if (!stack_) {
        stack_ = mmap(nullptr, stack_size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                      -1, 0);
        if (stack_ == MAP_FAILED) throw std::bad_alloc();
        mprotect(stack_, page, PROT_NONE);  // stacks grow down: the guard sits at the low end
    }

    auto top = reinterpret_cast<uintptr_t>(stack_) + stack_size_;
    top &= ~uintptr_t(15);
    auto* frame = reinterpret_cast<uint64_t*>(top);
#if defined(__x86_64__)
    // Layout popped by ttemu_switch: [mxcsr|fpucw] r15 r14 r13 r12 rbx rbp ret. After `ret` the
    // stack pointer must be 16-byte aligned for the trampoline's call.
    uint64_t* ret_slot = frame - 3;
    ret_slot[0] = reinterpret_cast<uint64_t>(&ttemu_fiber_trampoline);
    ret_slot[-1] = 0;                                    // rbp
    ret_slot[-2] = 0;                                    // rbx
    ret_slot[-3] = reinterpret_cast<uint64_t>(this);     // r12
    ret_slot[-4] = reinterpret_cast<uint64_t>(&start);   // r13
    ret_slot[-5] = 0;                                    // r14
    ret_slot[-6] = 0;                                    // r15
    uint32_t ctrl[2] = {0x1F80, 0x037F};                 // default MXCSR, x87 control word
    std::memcpy(&ret_slot[-7], ctrl, sizeof ctrl);
    sp_ = &ret_slot[-7];
#else
    uint64_t* base = frame - 22;  // 176 bytes
    std::memset(base, 0, 176);
    base[0] = reinterpret_cast<uint64_t>(this);           // x19
    base[1] = reinterpret_cast<uint64_t>(&start);         // x20
    base[11] = reinterpret_cast<uint64_t>(&ttemu_fiber_trampoline);  // x30
    sp_ = base;
#endif
}

Fiber::~Fiber() {
    if (!stack_) return;
    StackPool& p = pool();
    {
        std::lock_guard lock(p.mutex);
        if (p.free.size() < StackPool::kMax) {
            p.free.emplace_back(stack_, stack_size_);
            return;
        }
    }
    munmap(stack_, stack_size_);
}

void Fiber::start(void* self) {
    auto* f = static_cast<Fiber*>(self);
    f->entry_(f->arg_);
    f->finished_ = true;
    ttemu_switch(&f->sp_, f->caller_sp_);
    std::abort();  // a finished fiber is never resumed
}

void Fiber::resume() { ttemu_switch(&caller_sp_, sp_); }

void Fiber::yield() { ttemu_switch(&sp_, caller_sp_); }

}  // namespace ttemu
