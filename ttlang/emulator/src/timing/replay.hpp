// Plays the event logs of one run in virtual time (see events.hpp): the timing model.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "timing/events.hpp"
#include "timing/profile.hpp"

namespace ttemu::timing {

struct StreamInput {
    const Log* log = nullptr;
    uint32_t core = 0;        // core index y * grid_x + x
    bool compute = false;     // one log for the unpack, math and pack pipelines
    Track track = Track::Reader;  // data movement: Reader (NCRISC) or Writer (BRISC)
    uint8_t noc = 0;          // the NoC its transfers use
    bool full_sync = false;   // compute: DST in one section (dst_full_sync_en)
};

struct ReplayInput {
    const Costs* costs = nullptr;
    uint32_t grid_x = 0, grid_y = 0;
    std::vector<StreamInput> streams;
    // Pages of each CB (0: not configured), per core index.
    std::vector<std::array<uint32_t, 64>> cb_pages;
    size_t spans_per_pipe = 0;  // 0: no timeline
};

Profile replay(const ReplayInput& in);

}  // namespace ttemu::timing
