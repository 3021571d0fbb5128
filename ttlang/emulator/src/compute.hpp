// State of a core's compute engine: the DST register file and the tile_regs handshake between
// the math and pack threads.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "device.hpp"
#include "tile.hpp"

namespace ttemu {

struct ComputeState {
    // 16 tiles of DST; in half-sync mode two halves of `capacity` tiles each.
    alignas(64) float dst[16][kTileHW];
    bool fp32_acc = false;     // fp32_dest_acc_en: 32-bit DST; otherwise DST holds bfloat16 values
    bool full_sync = false;    // dst_full_sync_en
    uint8_t fidelity = 4;      // MathFidelity
    uint32_t capacity = 8;     // tiles addressable per acquire
    uint32_t halves = 2;
    enum class Half : uint8_t { Free, Math, Committed, Pack, Legacy } state[2] = {Half::Free, Half::Free};
    int math_half = -1, pack_half = -1, next_acquire = 0;
    std::deque<int> committed;
    std::vector<uint8_t> unpack_to_dest_fp32;  // per CB

    void configure(const KernelImage& k);
    float* math_tile(uint32_t idst, const char* fn);  // DST tile written by the math thread
    float* pack_tile(uint32_t idst, const char* fn);  // DST tile read by the packer
    void store(float* d, const float* v) const;       // write with the DST format's rounding
};

}  // namespace ttemu
