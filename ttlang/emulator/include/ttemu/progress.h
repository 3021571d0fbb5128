// Progress of the workload running on an emulated device, for a monitor on another host thread
// (ttlang shows it on a terminal during long launches). Emulator-only: TT-Metalium has no such
// call.
#pragma once

#include <cstdint>

namespace ttemu {

struct RunProgress {
    uint64_t run = 0;           // workloads started on the device so far: the current one's number
    uint64_t host_thread = 0;   // OS thread id (gettid) of the host thread that enqueued it
    uint32_t cores = 0;         // cores the run uses
    uint32_t cores_done = 0;    // ... whose kernel threads have all finished
    uint64_t noc_writes = 0;    // NoC write transfers issued so far (a writer's tiles)
    bool running = false;
};

// A snapshot of the run in progress, or of the last one, on device `device_id`.
RunProgress run_progress(int device_id);

}  // namespace ttemu
