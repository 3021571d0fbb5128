// The timing model's profile of a run (docs/performance.md): every workload run on an emulated
// device is replayed in virtual time after it ran, giving the cycles it would take on the chip,
// per core and RISC, with what each waited on. Emulator-only: TT-Metalium's device profiler
// measures the chip instead.
//
// TTEMU_TIMING=0 turns the model off; TTEMU_PROFILE=<dir> writes every run's profile
// (profile.json), Chrome trace (trace.json) and tt-metal device profiler log
// (profile_log_device.csv) into <dir>/device<id>-run<n>/.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ttemu {

// The number of the last run on device `device_id` that has a profile (0 if none). Its replay
// runs when the profile is first asked for (profile_json, write_profile_trace, ...).
uint64_t last_profiled_run(int device_id);

// Run `run`'s profile as JSON ("" if the model was off or the run is no longer kept: the
// most recent runs are). Call sites appear as their kernel address ("pc"); site_lines names them.
std::string profile_json(int device_id, uint64_t run);

// "file:line" (the kernel source line, through any inlined helpers) of each call-site address.
std::vector<std::string> site_lines(const std::vector<uint64_t>& pcs);

// Writes run `run`'s timeline as a Chrome trace-event file (Perfetto, chrome://tracing): one
// process per core, one thread per RISC pipeline. `names` renames call sites (pc -> label);
// the others are labelled with their kernel line. False if the run is no longer kept.
bool write_profile_trace(int device_id, uint64_t run, const std::string& path,
                         const std::vector<std::pair<uint64_t, std::string>>& names = {});

// Writes run `run`'s kernel zones in the format of tt-metal's profile_log_device.csv.
bool write_profile_csv(int device_id, uint64_t run, const std::string& path);

// How many timeline slices each RISC pipeline keeps for the trace (default 2048, or
// TTEMU_TRACE_SPANS; 0 keeps none).
void set_trace_spans(size_t per_pipeline);

}  // namespace ttemu
