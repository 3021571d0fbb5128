// The timing model's hooks in a run (model.cpp): arming each thread's log when a program is
// configured, replaying the logs when the run is over.
#pragma once

#include <cstdint>
#include <vector>

#include "device.hpp"

namespace ttemu::timing {

bool enabled();  // TTEMU_TIMING=0 turns the model off
// Gives thread `t` its cost table and an empty log; its transfers use NoC `noc`.
void arm(Device& d, Thread& t, uint8_t noc);
// Before a run: the semaphore write counts start again.
void begin_run(Device& d);
// After a run that finished without a fault: replays the logs of `threads` and keeps the
// profile of run number `run` (ttemu/profile.h).
void end_run(Device& d, const std::vector<Thread*>& threads, uint64_t run);

}  // namespace ttemu::timing
