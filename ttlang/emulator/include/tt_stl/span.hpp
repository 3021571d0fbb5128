// tt::stl::Span (ttsl::Span): std::span, as in tt-metal.
#pragma once

#include <cstddef>
#include <span>

namespace ttsl {
template <class T, std::size_t Extent = std::dynamic_extent>
using Span = std::span<T, Extent>;
}  // namespace ttsl

namespace tt {
namespace stl = ::ttsl;
}  // namespace tt
