// DataflowBuffer of v0.81.1 (api/dataflow/dataflow_buffer.h). On Wormhole and Blackhole it is a
// circular buffer under another name: the same id, pages ("entries") and calls, on every core
// kind (a compute kernel's reserve/push are its packer's, wait/pop its unpacker's). On the
// dataflow cores it is also a Noc endpoint (its write pointer as a destination, its read pointer
// as a source, its write pointer on every core of a rectangle as a multicast destination).
#pragma once

#include <cstdint>
#include <type_traits>

#include "api/core_local_mem.h"
#include "api/dataflow/dfb_access.h"
#include "api/dataflow/dfb_binding_token.h"
#include "api/lock.h"
#include "ttemu/kernel_defs.h"
#if !defined(COMPILE_FOR_TRISC)
#include "api/dataflow/noc.h"
#endif

template <bool IsWrite, typename ReleaseFunc>
class DfbScopedLock {
public:
    DfbScopedLock(uint32_t pointer, ReleaseFunc release) : pointer_(pointer), release_(release) {}
    ~DfbScopedLock() { release_(); }
    DfbScopedLock(const DfbScopedLock&) = delete;
    DfbScopedLock& operator=(const DfbScopedLock&) = delete;
    template <typename T = uint32_t>
    [[nodiscard]] CoreLocalMem<std::conditional_t<IsWrite, T, const T>> get_ptr() const {
        return CoreLocalMem<std::conditional_t<IsWrite, T, const T>>(pointer_);
    }

private:
    uint32_t pointer_;
    ReleaseFunc release_;
};

class DataflowBuffer {
public:
    template <dfb::AccessPattern P, dfb::AccessPattern C>
    DataflowBuffer(DFBBindingToken<P, C> token) : DataflowBuffer(static_cast<uint16_t>(uint32_t(token))) {}
    DataflowBuffer(uint16_t logical_dfb_id) : id_(logical_dfb_id) {}

    uint16_t get_id() const { return id_; }
    uint32_t get_entry_size() const { return ttemu_cb_page_size[id_]; }
    uint32_t get_stride_size() const { return ttemu_cb_page_size[id_]; }

    void reserve_back(uint16_t num_entries) { ttemu::abi::cb_reserve_back(id_, num_entries); }
    void push_back(uint16_t num_entries) { ttemu::abi::cb_push_back(id_, num_entries); }
    void wait_front(uint16_t num_entries) { ttemu::abi::cb_wait_front(id_, num_entries); }
    void pop_front(uint16_t num_entries) { ttemu::abi::cb_pop_front(id_, num_entries); }
    bool pages_reservable_at_back(int32_t num_pages) const {
        return ttemu::abi::cb_pages_reservable_at_back(id_, num_pages);
    }
    bool pages_available_at_front(int32_t num_pages) const {
        return ttemu::abi::cb_pages_available_at_front(id_, num_pages);
    }

    constexpr uint32_t get_tile_size() const { return ttemu_cb_page_size[id_]; }
    constexpr uint32_t get_tile_r_dim() const { return 32; }
    constexpr uint32_t get_tile_c_dim() const { return 32; }
    constexpr uint32_t get_tile_hw() const { return get_tile_r_dim() * get_tile_c_dim(); }
    constexpr uint32_t get_tile_num_faces() const { return 4; }
    constexpr uint32_t get_face_r_dim() const { return 16; }
    constexpr uint32_t get_partial_face() const { return 0; }
    constexpr uint32_t get_narrow_tile() const { return 0; }
    constexpr uint32_t get_num_faces_r_dim() const { return 2; }
    constexpr uint32_t get_num_faces_c_dim() const { return 2; }
    constexpr DataFormat get_dataformat() const { return static_cast<DataFormat>(ttemu_cb_format[id_]); }
    constexpr DataFormat get_unpack_dst_format() const { return get_dataformat(); }
    constexpr DataFormat get_pack_src_format() const { return get_dataformat(); }
    constexpr DataFormat get_pack_dst_format() const { return get_dataformat(); }

    // The L1 address of tile `tile_index` from the front (a compute kernel's view of the unpacker's
    // read pointer) and a word of it.
    uint32_t get_tile_address(uint32_t tile_index) {
        return ttemu::abi::cb_read_ptr(id_) + tile_index * ttemu_cb_page_size[id_];
    }
    template <typename T = uint32_t>
    T read_tile_value(uint32_t tile_index, uint32_t element_offset) {
        return reinterpret_cast<volatile T*>(static_cast<uintptr_t>(get_tile_address(tile_index)))[element_offset];
    }
    void finish() {}
    uint32_t get_write_ptr() const { return ttemu::abi::cb_write_ptr(id_); }
    uint32_t get_read_ptr() const { return ttemu::abi::cb_read_ptr(id_); }
#if !defined(COMPILE_FOR_TRISC)
    void write_barrier(const Noc& noc) const { noc.async_write_barrier(); }
#endif
    [[nodiscard]] auto scoped_write_lock(uint16_t num_entries = 1) {
        reserve_back(num_entries);
        return DfbScopedLock<true, PushOnRelease>(get_write_ptr(), PushOnRelease{this, num_entries});
    }
    [[nodiscard]] auto scoped_read_lock(uint16_t num_entries = 1) {
        wait_front(num_entries);
        return DfbScopedLock<false, PopOnRelease>(get_read_ptr(), PopOnRelease{this, num_entries});
    }

private:
    struct PushOnRelease {
        DataflowBuffer* dfb;
        uint16_t n;
        void operator()() const { dfb->push_back(n); }
    };
    struct PopOnRelease {
        DataflowBuffer* dfb;
        uint16_t n;
        void operator()() const { dfb->pop_front(n); }
    };
    uint16_t id_;
};

#if !defined(COMPILE_FOR_TRISC)
template <>
struct noc_traits_t<DataflowBuffer> {
    using src_args_type = DataflowBufferArgs;
    using dst_args_type = DataflowBufferArgs;
    struct dst_args_mcast_type {
        uint32_t noc_x_start{};
        uint32_t noc_y_start{};
        uint32_t noc_x_end{};
        uint32_t noc_y_end{};
        uint32_t offset_bytes{};
    };
    template <Noc::AddressType address_type>
    static auto src_addr(const DataflowBuffer& src, const Noc&, const src_args_type& args) {
        static_assert(address_type == Noc::AddressType::LOCAL_L1,
                      "DataflowBuffer without mcast range can only be used as L1 source");
        return src.get_read_ptr() + args.offset_bytes;
    }
    template <Noc::AddressType address_type>
    static auto dst_addr(const DataflowBuffer& dst, const Noc&, const dst_args_type& args) {
        static_assert(address_type == Noc::AddressType::LOCAL_L1,
                      "DataflowBuffer without mcast range can only be used as L1 destination");
        return dst.get_write_ptr() + args.offset_bytes;
    }
    template <Noc::AddressType address_type>
    static auto dst_addr_mcast(const DataflowBuffer& dst, const Noc& noc, const dst_args_mcast_type& args) {
        static_assert(address_type == Noc::AddressType::NOC,
                      "DataflowBuffer with mcast range cannot be used as L1 destination");
        return ::get_noc_multicast_addr(args.noc_x_start, args.noc_y_start, args.noc_x_end, args.noc_y_end,
                                        dst.get_write_ptr() + args.offset_bytes, noc.get_noc_id());
    }
};
template <>
inline constexpr bool noc_zero_l1_endpoint_v<DataflowBuffer> = true;
#endif
