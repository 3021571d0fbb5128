// Core coordinates: CoreCoord (tt::xy_pair), CoreRange (inclusive rectangle), CoreRangeSet.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace tt {

struct xy_pair {
    constexpr xy_pair() = default;
    constexpr xy_pair(std::size_t x, std::size_t y) : x(x), y(y) {}
    std::size_t x = 0;
    std::size_t y = 0;
    std::string str() const { return "(x=" + std::to_string(x) + ",y=" + std::to_string(y) + ")"; }
    constexpr bool operator==(const xy_pair&) const = default;
};
constexpr bool operator<(const xy_pair& a, const xy_pair& b) { return a.x < b.x || (a.x == b.x && a.y < b.y); }

}  // namespace tt

using tt_xy_pair = tt::xy_pair;

namespace tt::tt_metal {

using CoreCoord = tt_xy_pair;

constexpr bool operator<=(const CoreCoord& a, const CoreCoord& b) { return a < b || a == b; }

class CoreRangeSet;

class CoreRange {
public:
    CoreCoord start_coord;
    CoreCoord end_coord;

    CoreRange(const CoreCoord& point) : start_coord(point), end_coord(point) {}
    CoreRange(const CoreCoord& start_coord, const CoreCoord& end_coord) : start_coord(start_coord), end_coord(end_coord) {
        if (end_coord.x < start_coord.x || end_coord.y < start_coord.y)
            throw std::invalid_argument("Invalid core range for start_coord: " + start_coord.str() +
                                        ", end_coord: " + end_coord.str());
    }

    bool contains(const CoreCoord& c) const {
        return c.x >= start_coord.x && c.x <= end_coord.x && c.y >= start_coord.y && c.y <= end_coord.y;
    }
    bool contains(const CoreRange& r) const { return contains(r.start_coord) && contains(r.end_coord); }
    bool contains(const CoreRangeSet& s) const;
    bool intersects(const CoreRange& o) const {
        return start_coord.x <= o.end_coord.x && o.start_coord.x <= end_coord.x && start_coord.y <= o.end_coord.y &&
               o.start_coord.y <= end_coord.y;
    }
    std::optional<CoreRange> intersection(const CoreRange& o) const {
        if (!intersects(o)) return std::nullopt;
        return CoreRange({std::max(start_coord.x, o.start_coord.x), std::max(start_coord.y, o.start_coord.y)},
                         {std::min(end_coord.x, o.end_coord.x), std::min(end_coord.y, o.end_coord.y)});
    }
    size_t size() const { return (end_coord.x - start_coord.x + 1) * (end_coord.y - start_coord.y + 1); }
    CoreCoord grid_size() const { return {end_coord.x - start_coord.x + 1, end_coord.y - start_coord.y + 1}; }
    std::string str() const { return "[" + start_coord.str() + " - " + end_coord.str() + "]"; }

    // Iterates row by row (y outer, x inner).
    class CoreIterator {
    public:
        CoreIterator(const CoreCoord& current, const CoreRange& range) : current_(current), range_(&range) {}
        const CoreCoord& operator*() const { return current_; }
        CoreIterator& operator++() {
            if (current_.x < range_->end_coord.x) {
                ++current_.x;
            } else {
                current_.x = range_->start_coord.x;
                ++current_.y;
            }
            return *this;
        }
        bool operator==(const CoreIterator& o) const { return current_ == o.current_; }
        bool operator!=(const CoreIterator& o) const { return !(*this == o); }

    private:
        CoreCoord current_;
        const CoreRange* range_;
    };
    CoreIterator begin() const { return CoreIterator(start_coord, *this); }
    CoreIterator end() const { return CoreIterator({start_coord.x, end_coord.y + 1}, *this); }

    constexpr bool operator==(const CoreRange& o) const { return start_coord == o.start_coord && end_coord == o.end_coord; }
};
inline bool operator<(const CoreRange& a, const CoreRange& b) {
    return a.start_coord < b.start_coord || (a.start_coord == b.start_coord && a.end_coord < b.end_coord);
}

class CoreRangeSet {
public:
    CoreRangeSet() = default;
    CoreRangeSet(const CoreRange& r) : ranges_{r} {}
    CoreRangeSet(std::span<const CoreRange> ranges) : ranges_(ranges.begin(), ranges.end()) { validate(); }
    CoreRangeSet(const std::set<CoreRange>& ranges) : ranges_(ranges.begin(), ranges.end()) { validate(); }
    CoreRangeSet(std::vector<CoreRange>&& ranges) : ranges_(std::move(ranges)) { validate(); }
    CoreRangeSet(std::span<const CoreCoord> coords) {
        for (const CoreCoord& c : coords) ranges_.emplace_back(c);
        validate();
    }

    bool empty() const { return ranges_.empty(); }
    size_t size() const { return ranges_.size(); }
    const std::vector<CoreRange>& ranges() const { return ranges_; }
    uint32_t num_cores() const {
        uint32_t n = 0;
        for (const CoreRange& r : ranges_) n += static_cast<uint32_t>(r.size());
        return n;
    }
    bool contains(const CoreCoord& c) const {
        return std::any_of(ranges_.begin(), ranges_.end(), [&](const CoreRange& r) { return r.contains(c); });
    }
    bool contains(const CoreRange& r) const {
        for (const CoreCoord& c : r)
            if (!contains(c)) return false;
        return true;
    }
    bool intersects(const CoreCoord& c) const { return contains(c); }
    bool intersects(const CoreRange& o) const {
        return std::any_of(ranges_.begin(), ranges_.end(), [&](const CoreRange& r) { return r.intersects(o); });
    }
    CoreRange bounding_box() const {
        if (ranges_.empty()) throw std::runtime_error("bounding_box of an empty CoreRangeSet");
        CoreCoord lo = ranges_[0].start_coord, hi = ranges_[0].end_coord;
        for (const CoreRange& r : ranges_) {
            lo = {std::min(lo.x, r.start_coord.x), std::min(lo.y, r.start_coord.y)};
            hi = {std::max(hi.x, r.end_coord.x), std::max(hi.y, r.end_coord.y)};
        }
        return CoreRange(lo, hi);
    }
    template <typename T>
    CoreRangeSet merge(const T& other) const {
        std::vector<CoreRange> all = ranges_;
        if constexpr (std::is_same_v<T, CoreRangeSet>) {
            for (const CoreRange& r : other.ranges())
                if (!intersects(r)) all.push_back(r);
        } else {
            for (const CoreRange& r : other)
                if (!intersects(r)) all.push_back(r);
        }
        return CoreRangeSet(std::move(all));
    }
    std::string str() const {
        std::string s = "{";
        for (size_t i = 0; i < ranges_.size(); ++i) s += (i ? ", " : "") + ranges_[i].str();
        return s + "}";
    }
    bool operator==(const CoreRangeSet& o) const { return ranges_ == o.ranges_; }

private:
    void validate() const {
        for (size_t i = 0; i < ranges_.size(); ++i)
            for (size_t j = i + 1; j < ranges_.size(); ++j)
                if (ranges_[i].intersects(ranges_[j]))
                    throw std::invalid_argument("Cannot create CoreRangeSet with specified core ranges because core ranges " +
                                                ranges_[i].str() + " and " + ranges_[j].str() + " overlap!");
    }
    std::vector<CoreRange> ranges_;
};

inline bool CoreRange::contains(const CoreRangeSet& s) const {
    for (const CoreRange& r : s.ranges())
        if (!contains(r)) return false;
    return true;
}

// All cores of a set, range by range; within a range row by row (or column by column).
inline std::vector<CoreCoord> corerange_to_cores(const CoreRangeSet& crs, std::optional<uint32_t> max_cores = std::nullopt,
                                                 bool row_wise = false) {
    std::vector<CoreCoord> out;
    for (const CoreRange& r : crs.ranges()) {
        if (row_wise) {
            for (size_t y = r.start_coord.y; y <= r.end_coord.y; ++y)
                for (size_t x = r.start_coord.x; x <= r.end_coord.x; ++x) out.emplace_back(x, y);
        } else {
            for (size_t x = r.start_coord.x; x <= r.end_coord.x; ++x)
                for (size_t y = r.start_coord.y; y <= r.end_coord.y; ++y) out.emplace_back(x, y);
        }
    }
    if (max_cores && out.size() > *max_cores) out.resize(*max_cores);
    return out;
}

inline std::vector<CoreCoord> grid_to_cores(uint32_t num_cores, uint32_t grid_size_x, uint32_t grid_size_y,
                                            bool row_wise = false) {
    std::vector<CoreCoord> out;
    for (uint32_t i = 0; i < num_cores; ++i)
        out.push_back(row_wise ? CoreCoord(i % grid_size_x, i / grid_size_x) : CoreCoord(i / grid_size_y, i % grid_size_y));
    return out;
}

inline std::vector<CoreCoord> grid_to_cores(CoreCoord start, CoreCoord end, bool row_wise = false) {
    return corerange_to_cores(CoreRangeSet(CoreRange(start, end)), std::nullopt, row_wise);
}

}  // namespace tt::tt_metal

using tt::tt_metal::CoreCoord;
using tt::tt_metal::CoreRange;
using tt::tt_metal::CoreRangeSet;
