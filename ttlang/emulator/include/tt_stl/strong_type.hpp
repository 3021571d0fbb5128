// ttsl::StrongType (tt_stl/strong_type.hpp in tt-metal): a T wrapped so that it converts neither
// from T nor to another StrongType over the same T; the Tag type tells such wrappers apart.
// `StrongType<uint8_t, struct SubDeviceIdTag>` is SubDeviceId; its mangled name is part of host
// symbols such as distributed::Finish, so the class template's name and parameters must be these.
#pragma once

#include <compare>
#include <concepts>
#include <cstddef>
#include <functional>
#include <ostream>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ttsl {

// Without an explicit Tag, every use of the template names a distinct type (each lambda
// expression has a type of its own).
template <typename T, typename Tag = decltype([] {})>
class StrongType {
public:
    using value_type = T;
    using tag_type = Tag;

    constexpr StrongType() noexcept
        requires std::default_initializable<T>
        : value_{} {}
    constexpr explicit StrongType(T value) noexcept : value_(std::move(value)) {}

    constexpr const T& operator*() const { return value_; }
    constexpr const T& get() const { return value_; }

    // Ordered and compared as T is (a defaulted <=> also gives ==); constexpr where T's is.
    auto operator<=>(const StrongType&) const = default;

    // tt-metal's reflection hooks (attribute_names / attribute_values), one attribute.
    static constexpr auto attribute_names = std::forward_as_tuple("value");
    constexpr auto attribute_values() const { return std::forward_as_tuple(value_); }

private:
    T value_;
};

template <typename T>
struct is_strong_type : std::false_type {};
template <typename T, typename Tag>
struct is_strong_type<StrongType<T, Tag>> : std::true_type {};
template <typename T>
inline constexpr bool is_strong_type_v = is_strong_type<T>::value;

}  // namespace ttsl

template <typename T, typename Tag>
std::ostream& operator<<(std::ostream& os, const ttsl::StrongType<T, Tag>& value) {
    return os << *value;
}

template <typename T, typename Tag>
struct std::hash<ttsl::StrongType<T, Tag>> {
    std::size_t operator()(const ttsl::StrongType<T, Tag>& value) const noexcept { return std::hash<T>{}(*value); }
};

namespace tt {
namespace stl = ::ttsl;
}  // namespace tt
