// CircularBuffer of v0.81.1 (api/dataflow/circular_buffer.h): an object for a CB id with the
// cb_* calls as members; on the dataflow cores also a Noc endpoint (write pointer as destination,
// read pointer as source, or either one explicitly through use<AddrSelector>(cb)).
#pragma once

#include <cstdint>

#include "api/lock.h"
#include "ttemu/kernel_defs.h"
#if !defined(COMPILE_FOR_TRISC)
#include "api/dataflow/noc.h"
#endif

class CircularBuffer {
public:
    enum class AddrSelector { WRITE_PTR, READ_PTR };
    explicit CircularBuffer(uint32_t cb_id) : cb_id_(cb_id) {}
    uint32_t get_cb_id() const { return cb_id_; }
    void reserve_back(int32_t num_pages) { ttemu::abi::cb_reserve_back(cb_id_, num_pages); }
    void push_back(int32_t num_pages) { ttemu::abi::cb_push_back(cb_id_, num_pages); }
    void wait_front(int32_t num_pages) { ttemu::abi::cb_wait_front(cb_id_, num_pages); }
    void pop_front(int32_t num_pages) { ttemu::abi::cb_pop_front(cb_id_, num_pages); }
#if defined(COMPILE_FOR_TRISC)
    uint32_t get_tile_address(uint32_t tile_index) {
        return ttemu::abi::cb_read_ptr(cb_id_) + tile_index * ttemu_cb_page_size[cb_id_];
    }
    uint32_t read_tile_value(uint32_t tile_index, uint32_t element_offset) {
        return reinterpret_cast<volatile uint32_t*>(static_cast<uintptr_t>(get_tile_address(tile_index)))[element_offset];
    }
#else
    uint32_t get_tile_size() const { return ttemu_cb_page_size[cb_id_]; }
    uint32_t get_tile_hw() const { return 32 * 32; }
    DataFormat get_dataformat() const { return static_cast<DataFormat>(ttemu_cb_format[cb_id_]); }
    bool pages_reservable_at_back(int32_t num_pages) const {
        return ttemu::abi::cb_pages_reservable_at_back(cb_id_, num_pages);
    }
    bool pages_available_at_front(int32_t num_pages) const {
        return ttemu::abi::cb_pages_available_at_front(cb_id_, num_pages);
    }
#endif
    uint32_t get_write_ptr() const { return ttemu::abi::cb_write_ptr(cb_id_); }
    uint32_t get_read_ptr() const { return ttemu::abi::cb_read_ptr(cb_id_); }
    [[nodiscard]] auto scoped_lock() {
        return Lock([]() {});
    }

private:
    uint32_t cb_id_;
};

#if !defined(COMPILE_FOR_TRISC)
template <CircularBuffer::AddrSelector AddrSel>
struct CircularBufferView {
    const CircularBuffer& cb;
    explicit constexpr CircularBufferView(const CircularBuffer& c) : cb(c) {}
};
template <CircularBuffer::AddrSelector AddrSel>
constexpr auto use(const CircularBuffer& cb) {
    return CircularBufferView<AddrSel>(cb);
}

template <>
struct noc_traits_t<CircularBuffer> {
    struct src_args_type {
        uint32_t offset_bytes{};
    };
    struct dst_args_type {
        uint32_t offset_bytes{};
    };
    struct dst_args_mcast_type {
        uint32_t noc_x_start{};
        uint32_t noc_y_start{};
        uint32_t noc_x_end{};
        uint32_t noc_y_end{};
        uint32_t offset_bytes{};
    };
    template <Noc::AddressType address_type>
    static auto src_addr(const CircularBuffer& src, const Noc&, const src_args_type& args) {
        static_assert(address_type == Noc::AddressType::LOCAL_L1,
                      "CircularBuffer without mcast range can only be used as L1 source");
        return src.get_read_ptr() + args.offset_bytes;
    }
    template <Noc::AddressType address_type>
    static auto dst_addr(const CircularBuffer& dst, const Noc&, const dst_args_type& args) {
        static_assert(address_type == Noc::AddressType::LOCAL_L1,
                      "CircularBuffer without mcast range can only be used as L1 source");
        return dst.get_write_ptr() + args.offset_bytes;
    }
    template <Noc::AddressType address_type>
    static auto dst_addr_mcast(const CircularBuffer& dst, const Noc& noc, const dst_args_mcast_type& args) {
        static_assert(address_type == Noc::AddressType::NOC,
                      "CircularBuffer with mcast range cannot be used as L1 source");
        return ::get_noc_multicast_addr(args.noc_x_start, args.noc_y_start, args.noc_x_end, args.noc_y_end,
                                        dst.get_write_ptr() + args.offset_bytes, noc.get_noc_id());
    }
};

template <>
inline constexpr bool noc_zero_l1_endpoint_v<CircularBuffer> = true;

template <CircularBuffer::AddrSelector AddrSel>
struct noc_traits_t<CircularBufferView<AddrSel>> {
    using Base = noc_traits_t<CircularBuffer>;
    using src_args_type = Base::src_args_type;
    using dst_args_type = Base::dst_args_type;
    using dst_args_mcast_type = Base::dst_args_mcast_type;
    static uint32_t local(const CircularBufferView<AddrSel>& v) {
        return AddrSel == CircularBuffer::AddrSelector::WRITE_PTR ? v.cb.get_write_ptr() : v.cb.get_read_ptr();
    }
    template <Noc::AddressType address_type>
    static auto src_addr(const CircularBufferView<AddrSel>& v, const Noc&, const src_args_type& args) {
        static_assert(address_type == Noc::AddressType::LOCAL_L1);
        return local(v) + args.offset_bytes;
    }
    template <Noc::AddressType address_type>
    static auto dst_addr(const CircularBufferView<AddrSel>& v, const Noc&, const dst_args_type& args) {
        static_assert(address_type == Noc::AddressType::LOCAL_L1);
        return local(v) + args.offset_bytes;
    }
    template <Noc::AddressType address_type>
    static auto dst_addr_mcast(const CircularBufferView<AddrSel>& v, const Noc& noc, const dst_args_mcast_type& args) {
        static_assert(address_type == Noc::AddressType::NOC);
        return ::get_noc_multicast_addr(args.noc_x_start, args.noc_y_start, args.noc_x_end, args.noc_y_end,
                                        local(v) + args.offset_bytes, noc.get_noc_id());
    }
};
#endif
