// Mesh coordinates: the emulator runs unit meshes (one device), so shapes are 1x1.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>

namespace tt::tt_metal::distributed {

class MeshShape {
public:
    explicit MeshShape(uint32_t s) : dims_{s, 1}, n_(1) {}
    MeshShape(uint32_t s0, uint32_t s1) : dims_{s0, s1}, n_(2) {}
    size_t dims() const { return n_; }
    size_t mesh_size() const { return size_t(dims_[0]) * (n_ > 1 ? dims_[1] : 1); }
    uint32_t operator[](int i) const { return dims_.at(i < 0 ? i + n_ : i); }
    bool operator==(const MeshShape& o) const { return dims_ == o.dims_ && n_ == o.n_; }

private:
    std::array<uint32_t, 2> dims_;
    size_t n_;
};

class MeshCoordinate {
public:
    explicit MeshCoordinate(uint32_t c) : c_{c, 0}, n_(1) {}
    MeshCoordinate(uint32_t c0, uint32_t c1) : c_{c0, c1}, n_(2) {}
    static MeshCoordinate zero_coordinate(size_t dimensions) {
        return dimensions == 1 ? MeshCoordinate(0) : MeshCoordinate(0, 0);
    }
    size_t dims() const { return n_; }
    uint32_t operator[](int32_t dim) const { return c_.at(dim < 0 ? dim + n_ : dim); }
    bool operator==(const MeshCoordinate& o) const { return c_ == o.c_ && n_ == o.n_; }

private:
    std::array<uint32_t, 2> c_;
    size_t n_;
};

// Inclusive range of mesh coordinates.
class MeshCoordinateRange {
public:
    MeshCoordinateRange(const MeshCoordinate& start, const MeshCoordinate& end) : start_(start), end_(end) {}
    explicit MeshCoordinateRange(const MeshShape& shape) :
        start_(MeshCoordinate::zero_coordinate(shape.dims())),
        end_(shape.dims() == 1 ? MeshCoordinate(shape[0] - 1) : MeshCoordinate(shape[0] - 1, shape[1] - 1)) {}
    explicit MeshCoordinateRange(const MeshCoordinate& coord) : start_(coord), end_(coord) {}
    const MeshCoordinate& start_coord() const { return start_; }
    const MeshCoordinate& end_coord() const { return end_; }
    size_t dims() const { return start_.dims(); }
    bool contains(const MeshCoordinate& c) const {
        for (size_t d = 0; d < dims(); ++d)
            if (c[d] < start_[d] || c[d] > end_[d]) return false;
        return true;
    }
    bool operator==(const MeshCoordinateRange& o) const { return start_ == o.start_ && end_ == o.end_; }

private:
    MeshCoordinate start_, end_;
};

}  // namespace tt::tt_metal::distributed
