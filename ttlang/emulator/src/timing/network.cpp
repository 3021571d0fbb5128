// Routes, links and DRAM banks of the timing model (network.hpp).
//
// A transfer is a worm: its head takes `hop_cycles` per router along the dimension-ordered route
// (NoC 0: +x then +y; NoC 1: -y then -x; both wrap around the torus), and every link it crosses
// is busy for the transfer's occupancy (its bytes at the link's rate, plus a header flit per
// packet). A link busy with other transfers holds the head back until a gap long enough for it;
// bookings are kept as intervals, so a transfer whose head reaches a link before an earlier-issued
// one's (a DRAM read's data comes back long after the read is issued) uses the link in between. A
// multicast first reserves its tree's path (a round trip to the far corner per packet). Small
// requests (a read request, an acknowledgement, a semaphore increment) take the route's latency
// and occupy nothing.
#include "timing/network.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace ttemu::timing {

Network::Network(const Costs& costs, uint32_t grid_x, uint32_t grid_y)
    : c_(costs), grid_x_(grid_x), grid_y_(grid_y), nx_(costs.noc_x), ny_(costs.noc_y) {
    links_.assign(size_t(2) * nx_ * ny_ * 4, Link{});
    link_busy_.assign(links_.size(), 0);
    bank_free_.assign(std::max<uint32_t>(1, c_.dram_banks), 0);
    banks_.assign(bank_free_.size(), BankStats{});
}

Network::Node Network::node_of(uint32_t endpoint, int noc) const {
    if (endpoint & kDramEndpoint) {
        const uint32_t b = (endpoint & ~kDramEndpoint) % bank_free_.size();
        return {c_.dram_node[b][noc][0], c_.dram_node[b][noc][1]};
    }
    return {c_.worker_col[endpoint % grid_x_], c_.worker_row[endpoint / grid_x_]};
}

uint32_t Network::hops(int noc, uint32_t a, uint32_t b) const {
    const Node p = node_of(a, noc), q = node_of(b, noc);
    const uint32_t dx = noc == 0 ? (q.x + nx_ - p.x) % nx_ : (p.x + nx_ - q.x) % nx_;
    const uint32_t dy = noc == 0 ? (q.y + ny_ - p.y) % ny_ : (p.y + ny_ - q.y) % ny_;
    return dx + dy;
}

uint64_t Network::book(size_t index, uint64_t t, uint64_t occ) {
    // At most this many intervals per link; older ones are forgotten (nothing can be booked
    // before the end of a forgotten one), which bounds the search while the replay moves on.
    constexpr size_t kKept = 32;
    Link& l = links_[index];
    uint64_t start = std::max(t, l.floor);
    auto& v = l.busy;
    // The first interval that ends after `start`, then the first gap that fits.
    auto it = std::upper_bound(v.begin(), v.end(), start, [](uint64_t x, const auto& b) { return x < b.second; });
    for (; it != v.end() && it->first < start + occ; ++it) start = std::max(start, it->second);
    const uint64_t end = start + occ;
    const bool join_prev = it != v.begin() && std::prev(it)->second == start;
    const bool join_next = it != v.end() && it->first == end;
    if (join_prev && join_next) {
        std::prev(it)->second = it->second;
        v.erase(it);
    } else if (join_prev) {
        std::prev(it)->second = end;
    } else if (join_next) {
        it->first = start;
    } else {
        v.insert(it, {start, end});
    }
    if (v.size() > kKept) {
        l.floor = v.front().second;
        v.erase(v.begin());
    }
    link_busy_[index] += occ;
    return start;
}

uint64_t Network::occupancy(uint32_t bytes) const {
    const uint32_t packets = std::max(1u, (bytes + c_.max_burst - 1) / c_.max_burst);
    return (bytes + c_.link_bytes_per_cycle - 1) / c_.link_bytes_per_cycle + packets;
}

uint64_t Network::carry(int noc, Node a, Node b, uint32_t bytes, uint64_t t) {
    const uint64_t occ = occupancy(bytes);
    auto cross = [&](size_t index, uint64_t latency) { t = book(index, t, occ) + latency; };
    auto at = [&](uint32_t x, uint32_t y, int dir) { return ((size_t(noc) * ny_ + y) * nx_ + x) * 4 + dir; };
    cross(at(a.x, a.y, 2), c_.niu_cycles);
    uint32_t x = a.x, y = a.y;
    if (noc == 0) {
        for (; x != b.x; x = (x + 1) % nx_) cross(at(x, y, 0), c_.hop_cycles);
        for (; y != b.y; y = (y + 1) % ny_) cross(at(x, y, 1), c_.hop_cycles);
    } else {
        for (; y != b.y; y = (y + ny_ - 1) % ny_) cross(at(x, y, 1), c_.hop_cycles);
        for (; x != b.x; x = (x + nx_ - 1) % nx_) cross(at(x, y, 0), c_.hop_cycles);
    }
    cross(at(b.x, b.y, 3), c_.niu_cycles);
    return t + occ;
}

uint64_t Network::serve(uint32_t bank, uint32_t bytes, uint64_t t, bool write) {
    BankStats& s = banks_[bank];
    const uint64_t service = uint64_t(double(bytes) / c_.dram_bytes_per_cycle + 0.999999);
    const uint64_t start = std::max(t, bank_free_[bank]);
    bank_free_[bank] = start + service;
    s.busy += service;
    s.wait += start - t;
    ++s.requests;
    (write ? s.write_bytes : s.read_bytes) += bytes;
    return start;
}

uint64_t Network::signal(int noc, uint32_t src, uint32_t dst, uint64_t t) const {
    return t + 2 * c_.niu_cycles + uint64_t(hops(noc, src, dst)) * c_.hop_cycles + 1;
}

uint64_t Network::read(int noc, uint32_t src, uint32_t dst, uint32_t bytes, uint64_t t) {
    // The request travels from the reader to the source, the data back, both on NoC `noc`.
    const uint64_t request = signal(noc, dst, src, t);
    if (!(src & kDramEndpoint)) return carry(noc, node_of(src, noc), node_of(dst, noc), bytes, request);
    const uint32_t bank = (src & ~kDramEndpoint) % bank_free_.size();
    const uint64_t start = serve(bank, bytes, request, false);
    // The bank streams the data out as it reads it: the head leaves after the access latency, the
    // tail no earlier than the bank has read it all.
    const uint64_t service = uint64_t(double(bytes) / c_.dram_bytes_per_cycle + 0.999999), occ = occupancy(bytes);
    const uint64_t head = start + c_.dram_latency + (service > occ ? service - occ : 0);
    return carry(noc, node_of(src, noc), node_of(dst, noc), bytes, head);
}

uint64_t Network::write(int noc, uint32_t src, uint32_t dst, uint32_t bytes, uint64_t t, uint64_t* sent) {
    const uint64_t occ = occupancy(bytes);
    uint64_t arrival = carry(noc, node_of(src, noc), node_of(dst, noc), bytes, t);
    if (sent) *sent = arrival - occ;  // the tail has left the core once the head is through (approximately)
    if (dst & kDramEndpoint) {
        const uint32_t bank = (dst & ~kDramEndpoint) % bank_free_.size();
        const uint64_t start = serve(bank, bytes, arrival - occ, true);
        arrival = std::max(arrival, start + uint64_t(double(bytes) / c_.dram_bytes_per_cycle + 0.999999));
    }
    return signal(noc, dst, src, arrival);  // the acknowledgement
}

uint64_t Network::multicast(int noc, uint32_t src, uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1, uint32_t bytes,
                            uint64_t t, uint64_t* sent) {
    // To the rectangle's first corner in routing order, then a tree: along the first row (NoC 0)
    // or column (NoC 1) of the rectangle, and from each of its routers across the other dimension.
    const uint64_t occ = occupancy(bytes);
    const uint32_t lo_x = std::min(x0, x1), hi_x = std::max(x0, x1), lo_y = std::min(y0, y1), hi_y = std::max(y0, y1);
    const Node from = node_of(src, noc);
    Node corner = noc == 0 ? Node{c_.worker_col[lo_x], c_.worker_row[lo_y]} : Node{c_.worker_col[hi_x], c_.worker_row[hi_y]};
    Node end = noc == 0 ? Node{c_.worker_col[hi_x], c_.worker_row[hi_y]} : Node{c_.worker_col[lo_x], c_.worker_row[lo_y]};
    auto at = [&](uint32_t x, uint32_t y, int dir) { return ((size_t(noc) * ny_ + y) * nx_ + x) * 4 + dir; };
    // Path reservation: noc_async_write_multicast always sets NOC_CMD_PATH_RESERVE (v0.81.1
    // internal/dataflow/dataflow_api_raw.h, multicast_path_reserve = true), and then "all routers
    // in the broadcast tree must inform the initiating tile that they're ready to receive the
    // broadcast before any data can leave the initiating tile" (ISA NoC/README.md). The
    // reservation starts once the previous transfer's tail has left this core and takes a round
    // trip to the tree's far corner: 2 x (NIU + hops x router latency). One per packet; the
    // packets after the first wait for theirs between the data.
    const uint32_t far = noc == 0 ? (end.x + nx_ - from.x) % nx_ + (end.y + ny_ - from.y) % ny_
                                  : (from.x + nx_ - end.x) % nx_ + (from.y + ny_ - end.y) % ny_;
    const uint64_t reserve = 2 * (c_.niu_cycles + uint64_t(far) * c_.hop_cycles);
    const uint32_t packets = std::max(1u, (bytes + c_.max_burst - 1) / c_.max_burst);
    const uint64_t start = std::max(t, links_[at(from.x, from.y, 2)].last_end()) + reserve;
    const uint64_t more = uint64_t(packets - 1) * reserve;
    uint64_t head = carry(noc, from, corner, bytes, start) - occ;
    if (sent) *sent = head + more;
    auto cross = [&](size_t index, uint64_t& when) { when = book(index, when, occ) + c_.hop_cycles; };
    uint64_t last = head + occ;
    const int step = noc == 0 ? 1 : -1;
    auto next = [&](uint32_t v, uint32_t n) { return (v + n + step) % n; };
    // NoC 0 forks into y at every router of the first row; NoC 1 into x at every router of the
    // first column.
    const bool x_first = noc == 0;
    const uint32_t outer_end = x_first ? end.x : end.y, inner_end = x_first ? end.y : end.x;
    const uint32_t n_outer = x_first ? nx_ : ny_, n_inner = x_first ? ny_ : nx_;
    uint64_t outer_t = head;
    for (uint32_t o = x_first ? corner.x : corner.y;; o = next(o, n_outer)) {
        uint64_t inner_t = outer_t;
        for (uint32_t i = x_first ? corner.y : corner.x;; i = next(i, n_inner)) {
            last = std::max(last, inner_t + c_.niu_cycles + occ);
            if (i == inner_end) break;
            cross(x_first ? at(o, i, 1) : at(i, o, 0), inner_t);
        }
        if (o == outer_end) break;
        cross(x_first ? at(o, corner.y, 0) : at(corner.x, o, 1), outer_t);
    }
    last += more;
    // Every destination acknowledges; the last acknowledgement comes from the far corner.
    const uint32_t back = (noc == 0 ? (from.x + nx_ - end.x) % nx_ + (from.y + ny_ - end.y) % ny_
                                    : (end.x + nx_ - from.x) % nx_ + (end.y + ny_ - from.y) % ny_);
    return last + 2 * c_.niu_cycles + uint64_t(back) * c_.hop_cycles;
}

uint64_t Network::busiest_link() const {
    return link_busy_.empty() ? 0 : *std::max_element(link_busy_.begin(), link_busy_.end());
}

uint64_t Network::link_busy_total() const {
    uint64_t s = 0;
    for (uint64_t b : link_busy_) s += b;
    return s;
}

}  // namespace ttemu::timing
