#pragma once

#include <vector>

#include "device.hpp"

namespace ttemu {

// Host worker threads for a run over `active_cores` cores (TTEMU_THREADS overrides; 1 gives the
// deterministic single-thread mode).
int default_workers(size_t active_cores);

// Runs the kernel threads to completion; throws Fault on a fault or a deadlock.
void run_threads(Device& device, const std::vector<Thread*>& threads);

// Turns hardware exceptions in kernel code into faults (once per process; per host thread the
// alternate signal stack).
void install_fault_handlers();

// Lands every outstanding NoC transfer of a finished thread (the firmware waits for them).
void finish_thread(Thread& t);

}  // namespace ttemu
