// Splitting work between cores (v0.81.1 tt-metalium/work_split.hpp). Implemented in the emulator
// library (host_utils.cpp) with tt-metal's fill order.
#pragma once

#include <cstdint>
#include <tuple>
#include <vector>

#include "tt-metalium/core_coord.hpp"

namespace tt::tt_metal {

uint32_t merge_num_sticks_to_read(uint32_t num_sticks_to_read, uint32_t stick_size_bytes, uint32_t max_read_size);

std::tuple<uint32_t, uint32_t> get_max_cores_divisible_by_tiles_per_core_tiles(
    const uint32_t& num_tiles, const uint32_t& num_cores_max, bool request_even = false);

int find_max_divisor(uint32_t val, uint32_t start_max_div);

int find_max_block_size(uint32_t val, uint32_t max_block_size = 8);

// `target_num_cores` cores of a grid_size grid, filled from start_core column by column (x fixed,
// y increasing; row_wise: row by row), as at most three ranges: a partial column (row) at the
// start, whole columns (rows), a partial column (row) at the end.
CoreRangeSet num_cores_to_corerangeset(
    CoreCoord start_core, uint32_t target_num_cores, CoreCoord grid_size, bool row_wise = false);
CoreRangeSet num_cores_to_corerangeset(uint32_t target_num_cores, CoreCoord grid_size, bool row_wise = false);

// The same within the ranges of sub_core_grids (in their order), starting at start_core.
CoreRangeSet num_cores_to_corerangeset_in_subcoregrids(
    CoreCoord start_core, uint32_t target_num_cores, const CoreRangeSet& sub_core_grids, bool row_wise = false);

// Splits units_to_divide units over the cores of a grid:
// {num_cores, all_cores, core_group_1, core_group_2, units_per_core_group_1, units_per_core_group_2}.
// num_cores = min(units, cores in the grid); all_cores are the first num_cores cores in fill order
// (the whole grid as one range if every core is used). If the units divide evenly, group 1 is
// all_cores and group 2 is empty (0 units); otherwise group 1 is the first units % num_cores cores
// in fill order, doing one unit more than group 2, the rest of all_cores in the same order.
std::tuple<uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, uint32_t, uint32_t> split_work_to_cores(
    CoreCoord grid_size, uint32_t units_to_divide, bool row_wise = false);
std::tuple<uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, uint32_t, uint32_t> split_work_to_cores(
    const CoreRangeSet& core_grid, uint32_t units_to_divide, bool row_wise = false);

// Units dealt out in multiples of `multiple`, round robin over the cores (the remainder to the
// next core); returns the units per core and the cores used.
std::tuple<std::vector<uint32_t>, CoreRangeSet> split_work_to_cores_even_multiples(
    const CoreCoord& core_grid, uint32_t units_to_divide, uint32_t multiple, bool row_wise = false);

}  // namespace tt::tt_metal
