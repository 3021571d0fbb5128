// Hardware exceptions in kernel code (integer division by zero, a wild pointer, a stack
// overflow) become faults of the kernel thread instead of killing the process: kernels are
// compiled with -fnon-call-exceptions, so the handler can throw through the faulting frame.
#include <signal.h>
#include <ucontext.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

#include "device.hpp"
#include "scheduler.hpp"

namespace ttemu {

namespace {

struct sigaction g_old[NSIG];
std::once_flag g_once;
thread_local std::unique_ptr<char[]> g_altstack;

const char* describe_signal(int sig, int code) {
    switch (sig) {
        case SIGFPE:
            return code == FPE_INTDIV ? "integer division by zero" : code == FPE_INTOVF ? "integer overflow"
                                                                                        : "arithmetic exception";
        case SIGSEGV: return "invalid memory access (segmentation fault) or stack overflow";
        case SIGBUS: return "misaligned or invalid memory access (bus error)";
        case SIGILL: return "illegal instruction";
        default: return "signal";
    }
}

void handler(int sig, siginfo_t* info, void* uctx) {
    Thread* t = current_thread();
    if (!t) {  // not a kernel thread: whatever handled it before us
        const struct sigaction& old = g_old[sig];
        if (old.sa_flags & SA_SIGINFO) {
            if (old.sa_sigaction) return old.sa_sigaction(sig, info, uctx);
        } else if (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN && old.sa_handler) {
            return old.sa_handler(sig);
        }
        signal(sig, SIG_DFL);  // re-executing the instruction ends the process as it would have
        return;
    }
    auto* uc = static_cast<ucontext_t*>(uctx);
#if defined(__x86_64__)
    const void* pc = reinterpret_cast<void*>(uc->uc_mcontext.gregs[REG_RIP]);
#else
    const void* pc = reinterpret_cast<void*>(uc->uc_mcontext.pc);
#endif
    // source_line() looks up pc - 1 (a return address); point it inside the faulting instruction.
    fault(static_cast<const char*>(pc) + 1, describe_signal(sig, info->si_code));
}

}  // namespace

void install_fault_handlers() {
    std::call_once(g_once, [] {
        struct sigaction sa;
        std::memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = &handler;
        sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
        sigemptyset(&sa.sa_mask);
        for (int sig : {SIGFPE, SIGSEGV, SIGBUS, SIGILL}) sigaction(sig, &sa, &g_old[sig]);
    });
    if (!g_altstack) {  // per host thread: the handler must run even when a fiber's stack overflowed
        constexpr size_t size = 64 * 1024;
        g_altstack.reset(new char[size]);
        stack_t ss{};
        ss.ss_sp = g_altstack.get();
        ss.ss_size = size;
        sigaltstack(&ss, nullptr);
    }
}

}  // namespace ttemu
