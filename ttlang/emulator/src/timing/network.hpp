// The NoC and DRAM of the timing model: dimension-ordered routes over the physical torus, links
// that carry one transfer at a time at their bandwidth, DRAM banks that serve one request at a
// time. Requests arrive in virtual-time order (replay.cpp plays the thread with the earliest
// clock first), so whoever asks first is served first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "timing/cost_model.hpp"
#include "timing/events.hpp"

namespace ttemu::timing {

struct BankStats {
    uint64_t read_bytes = 0, write_bytes = 0;
    uint64_t busy = 0;  // cycles serving requests
    uint64_t wait = 0;  // cycles requests queued behind others
    uint64_t requests = 0;
};

class Network {
public:
    Network(const Costs& costs, uint32_t grid_x, uint32_t grid_y);

    // A read of `bytes` from endpoint `src` (a core index or kDramEndpoint | bank) into core
    // `dst` over NoC `noc`, issued at `t`: the cycle its last byte arrives.
    uint64_t read(int noc, uint32_t src, uint32_t dst, uint32_t bytes, uint64_t t);
    // A write from core `src` to endpoint `dst`: the cycle its last byte has left the core
    // (`sent`) and the cycle its acknowledgement is back (returned).
    uint64_t write(int noc, uint32_t src, uint32_t dst, uint32_t bytes, uint64_t t, uint64_t* sent);
    // A multicast write from core `src` to the rectangle of logical cores [x0, x1] x [y0, y1]:
    // the cycle the last acknowledgement is back; `sent`: the cycle it has left the core.
    uint64_t multicast(int noc, uint32_t src, uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1, uint32_t bytes,
                       uint64_t t, uint64_t* sent);
    // A small write that travels alone (a semaphore increment): its arrival.
    uint64_t signal(int noc, uint32_t src, uint32_t dst, uint64_t t) const;

    // Hops from core/endpoint `a` to `b` on NoC `noc` (for tests and the profile).
    uint32_t hops(int noc, uint32_t a, uint32_t b) const;

    const std::vector<BankStats>& banks() const { return banks_; }
    // The busiest link's busy cycles.
    uint64_t busiest_link() const;
    uint64_t link_busy_total() const;

private:
    struct Node {
        uint8_t x, y;
    };
    Node node_of(uint32_t endpoint, int noc) const;
    // Carries `bytes` along the route from `a` to `b` starting at `t` (head enters the first
    // link): the cycle the tail arrives at b's NoC interface.
    uint64_t carry(int noc, Node a, Node b, uint32_t bytes, uint64_t t);
    uint64_t occupancy(uint32_t bytes) const;
    // The bank's service of a request arriving at `t`: its start cycle.
    uint64_t serve(uint32_t bank, uint32_t bytes, uint64_t t, bool write);

    const Costs& c_;
    uint32_t grid_x_, grid_y_, nx_, ny_;
    // A link's bookings: busy intervals, sorted and disjoint, all at or after `floor` (nothing is
    // booked before it: the oldest intervals are forgotten into it once there are many).
    struct Link {
        uint64_t floor = 0;
        std::vector<std::pair<uint64_t, uint64_t>> busy;
        uint64_t last_end() const { return busy.empty() ? floor : busy.back().second; }
    };
    // Books link `index` for `occ` cycles in its first free gap at or after `t`: the start.
    uint64_t book(size_t index, uint64_t t, uint64_t occ);

    std::vector<Link> links_;          // per (noc, router, direction: 0 x-link, 1 y-link, 2 inject, 3 eject)
    std::vector<uint64_t> link_busy_;  // same index: cycles busy
    std::vector<uint64_t> bank_free_;
    std::vector<BankStats> banks_;
};

}  // namespace ttemu::timing
