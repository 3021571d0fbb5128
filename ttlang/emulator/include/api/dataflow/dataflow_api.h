// TT-Metalium v0.81.1 dataflow kernel API (reader / writer kernels on BRISC and NCRISC), on
// the ttemu emulator. Names, signatures and defaults follow tt_metal/hw/inc/api/dataflow/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "api/compile_time_args.h"
#include "api/debug/dprint.h"
#include "hostdevcommon/common_values.hpp"
#include "internal/risc_attribs.h"
#include "internal/circular_buffer_interface.h"
#include "ttemu/kernel_defs.h"

enum class ProgrammableCoreType : uint8_t { TENSIX = 0, ACTIVE_ETH = 1, IDLE_ETH = 2 };

// ---------------------------------------------------------------------------------------------
// Runtime arguments

#include "ttemu/runtime_args.h"  // get_arg_addr, get_arg_val, get_common_arg_* (shared with compute)

// ---------------------------------------------------------------------------------------------
// Core coordinates

inline uint8_t get_absolute_logical_x() { return static_cast<uint8_t>(ttemu::abi::logical_x()); }
inline uint8_t get_absolute_logical_y() { return static_cast<uint8_t>(ttemu::abi::logical_y()); }
inline uint8_t get_relative_logical_x() { return static_cast<uint8_t>(ttemu::abi::logical_x()); }
inline uint8_t get_relative_logical_y() { return static_cast<uint8_t>(ttemu::abi::logical_y()); }

// ---------------------------------------------------------------------------------------------
// Circular buffers

FORCE_INLINE void cb_push_back(const int32_t operand, const int32_t num_pages) {
    ttemu::abi::cb_push_back(operand, num_pages);
}
FORCE_INLINE void cb_pop_front(int32_t operand, int32_t num_pages) { ttemu::abi::cb_pop_front(operand, num_pages); }
FORCE_INLINE void cb_reserve_back(int32_t operand, int32_t num_pages) {
    ttemu::abi::cb_reserve_back(operand, num_pages);
}
FORCE_INLINE void cb_wait_front(int32_t operand, int32_t num_pages) { ttemu::abi::cb_wait_front(operand, num_pages); }
FORCE_INLINE bool cb_pages_reservable_at_back(int32_t operand, int32_t num_pages) {
    return ttemu::abi::cb_pages_reservable_at_back(operand, num_pages);
}
FORCE_INLINE bool cb_pages_available_at_front(int32_t operand, int32_t num_pages) {
    return ttemu::abi::cb_pages_available_at_front(operand, num_pages);
}
FORCE_INLINE uint32_t get_write_ptr(uint32_t operand) { return ttemu::abi::cb_write_ptr(operand); }
FORCE_INLINE uint32_t get_read_ptr(uint32_t operand) { return ttemu::abi::cb_read_ptr(operand); }

constexpr inline std::int32_t get_tile_size(const std::int32_t operand) {
    return static_cast<std::int32_t>(ttemu_cb_page_size[operand]);
}
constexpr inline uint32_t get_tile_hw(const std::int32_t operand) { return 32 * 32; }
constexpr inline uint32_t get_tile_num_faces(const std::int32_t operand) { return 4; }
constexpr inline DataFormat get_dataformat(const std::int32_t operand) {
    return static_cast<DataFormat>(ttemu_cb_format[operand]);
}

// ---------------------------------------------------------------------------------------------
// NoC addresses

FORCE_INLINE uint64_t get_noc_addr(uint32_t noc_x, uint32_t noc_y, uint32_t addr, uint8_t noc = noc_index) {
    return ttemu::abi::noc_addr_xy(noc_x, noc_y, addr);
}
FORCE_INLINE std::uint64_t get_noc_addr(std::uint32_t addr, uint8_t noc = noc_index) {
    return ttemu::abi::noc_addr_local(addr);
}
FORCE_INLINE uint64_t get_noc_multicast_addr(
    uint32_t noc_x_start,
    uint32_t noc_y_start,
    uint32_t noc_x_end,
    uint32_t noc_y_end,
    uint32_t addr,
    uint8_t noc = noc_index) {
    return ttemu::abi::noc_mcast_addr(noc_x_start, noc_y_start, noc_x_end, noc_y_end, addr);
}

// my_x / my_y: this core's NoC coordinates (arrays indexed by NoC in the firmware).
struct ttemu_noc_coord {
    uint32_t (*fn)();
    uint32_t operator[](int) const { return fn(); }
};
inline const ttemu_noc_coord my_x{&ttemu::abi::my_x};
inline const ttemu_noc_coord my_y{&ttemu::abi::my_y};

// Address generators: the Interleaved* structs (internal/dataflow/dataflow_api_addrgen.h, as in
// tt-metal) and TensorAccessor. The free get_noc_addr overloads that take one are below.
#include "internal/dataflow/dataflow_api_addrgen.h"
#include "api/tensor/tensor_accessor.h"

namespace ttemu::detail {
template <typename AddrGen>
TTEMU_ALWI uint32_t addrgen_page_size(const AddrGen& g) {
    if constexpr (requires { g.get_aligned_page_size(); }) {
        return g.get_aligned_page_size();
    } else if constexpr (requires { g.page_size; }) {
        return g.page_size;
    } else {
        return 1u << g.log_base_2_of_page_size;
    }
}
}  // namespace ttemu::detail

// `resolver` is v0.81.1's SFINAE guard and is never used: this overload is viable only for an
// AddrGen whose get_noc_addr() can be called with no argument. No address generator has one, so
// get_noc_addr(id, addrgen) resolves, as with the real headers, to the deprecated overloads
// below: per Interleaved* generator, and for an interleaved TensorAccessor to the one of its
// base InterleavedAddrGen<DRAM>. accessor.get_noc_addr(id) is the call that is not deprecated.
template <typename AddrGen>
FORCE_INLINE uint64_t get_noc_addr(
    const uint32_t id,
    const AddrGen& addrgen,
    uint32_t offset = 0,
    uint8_t noc = noc_index,
    decltype(addrgen.get_noc_addr())* resolver = nullptr) {
    static_assert(
        requires { addrgen.get_noc_addr(uint32_t{}, uint32_t{}, uint8_t{}); }, "AddrGen must have get_noc_addr() method");
    return addrgen.get_noc_addr(id, offset, noc);
}

template <bool DRAM>
[[deprecated("Use <typename AddrGen> get_noc_addr instead.")]]
FORCE_INLINE uint64_t
get_noc_addr(const uint32_t id, const InterleavedAddrGen<DRAM>& addrgen, uint32_t offset = 0, uint8_t noc = noc_index) {
    return addrgen.get_noc_addr(id, offset, noc);
}

template <bool DRAM>
[[deprecated("Use <typename AddrGen> get_noc_addr instead.")]]
FORCE_INLINE uint64_t get_noc_addr(
    const uint32_t id, const InterleavedPow2AddrGen<DRAM>& addrgen, uint32_t offset = 0, uint8_t noc = noc_index) {
    return addrgen.get_noc_addr(id, offset, noc);
}

template <bool DRAM, uint32_t tile_hw>
[[deprecated("Use <typename AddrGen> get_noc_addr instead.")]]
FORCE_INLINE uint64_t get_noc_addr(
    const uint32_t id,
    const InterleavedAddrGenFast<DRAM, tile_hw>& addrgen,
    uint32_t offset = 0,
    uint8_t noc = noc_index) {
    return addrgen.get_noc_addr(id, offset, noc);
}

// ---------------------------------------------------------------------------------------------
// NoC transfers

template <uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1, bool enable_noc_tracing = true>
inline void noc_async_read(
    uint64_t src_noc_addr,
    uint32_t dst_local_l1_addr,
    uint32_t size,
    uint8_t noc = noc_index,
    uint32_t read_req_vc = NOC_UNICAST_WRITE_VC) {
    ttemu::abi::noc_read(src_noc_addr, dst_local_l1_addr, size);
}

template <uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1, bool enable_noc_tracing = true, bool posted = false>
inline void noc_async_write(
    uint32_t src_local_l1_addr,
    uint64_t dst_noc_addr,
    uint32_t size,
    uint8_t noc = noc_index,
    uint32_t vc = NOC_UNICAST_WRITE_VC) {
    ttemu::abi::noc_write(src_local_l1_addr, dst_noc_addr, size);
}

template <typename AddrGen, bool enable_noc_tracing = true>
FORCE_INLINE void noc_async_read_page(
    const uint32_t id,
    const AddrGen& addrgen,
    uint32_t dst_local_l1_addr,
    uint32_t offset = 0,
    uint8_t noc = noc_index) {
    ttemu::abi::noc_read(addrgen.get_noc_addr(id, offset, noc), dst_local_l1_addr,
                         ttemu::detail::addrgen_page_size(addrgen));
}

template <typename AddrGen, bool enable_noc_tracing = true, bool posted = false>
FORCE_INLINE void noc_async_write_page(
    const uint32_t id,
    const AddrGen& addrgen,
    uint32_t src_local_l1_addr,
    uint32_t size = 0,
    uint32_t offset = 0,
    uint8_t noc = noc_index) {
    const uint32_t bytes = size ? size : ttemu::detail::addrgen_page_size(addrgen);
    ttemu::abi::noc_write(src_local_l1_addr, addrgen.get_noc_addr(id, offset, noc), bytes);
}

template <bool DRAM>
[[deprecated("Use <typename AddrGen> noc_async_read_page instead.")]]
FORCE_INLINE void noc_async_read_tile(
    const uint32_t id,
    const InterleavedAddrGen<DRAM>& addrgen,
    uint32_t dst_local_l1_addr,
    uint32_t offset = 0,
    uint8_t noc = noc_index) {
    noc_async_read_page<InterleavedAddrGen<DRAM>, false>(id, addrgen, dst_local_l1_addr, offset, noc);
}

template <bool DRAM, uint32_t tile_hw>
[[deprecated("Use <typename AddrGen> noc_async_read_page instead.")]]
FORCE_INLINE void noc_async_read_tile(
    const uint32_t id,
    const InterleavedAddrGenFast<DRAM, tile_hw>& addrgen,
    uint32_t dst_local_l1_addr,
    uint32_t offset = 0,
    uint8_t noc = noc_index) {
    noc_async_read_page<InterleavedAddrGenFast<DRAM, tile_hw>, false>(id, addrgen, dst_local_l1_addr, offset, noc);
}

template <typename DSpec>
[[deprecated("Use <typename AddrGen> noc_async_read_page instead.")]]
FORCE_INLINE void noc_async_read_tile(
    const uint32_t id,
    const TensorAccessor<DSpec>& addrgen,
    uint32_t dst_local_l1_addr,
    uint32_t offset = 0,
    uint8_t noc = noc_index) {
    noc_async_read_page<TensorAccessor<DSpec>, false>(id, addrgen, dst_local_l1_addr, offset, noc);
}

template <bool DRAM>
[[deprecated("Use <typename AddrGen> noc_async_write_page instead.")]]
FORCE_INLINE void noc_async_write_tile(
    const uint32_t id,
    const InterleavedAddrGen<DRAM>& addrgen,
    uint32_t src_local_l1_addr,
    uint8_t noc = noc_index) {
    noc_async_write_page<InterleavedAddrGen<DRAM>, false>(id, addrgen, src_local_l1_addr, 0, 0, noc);
}

template <bool DRAM, uint32_t tile_hw>
[[deprecated("Use <typename AddrGen> noc_async_write_page instead.")]]
FORCE_INLINE void noc_async_write_tile(
    const uint32_t id,
    const InterleavedAddrGenFast<DRAM, tile_hw>& addrgen,
    uint32_t src_local_l1_addr,
    uint8_t noc = noc_index) {
    noc_async_write_page<InterleavedAddrGenFast<DRAM, tile_hw>, false>(
        id, addrgen, src_local_l1_addr, addrgen.page_size, 0, noc);
}

template <typename DSpec>
[[deprecated("Use <typename AddrGen> noc_async_write_page instead.")]]
FORCE_INLINE void noc_async_write_tile(
    const uint32_t id,
    const TensorAccessor<DSpec>& addrgen,
    uint32_t src_local_l1_addr,
    uint8_t noc = noc_index) {
    noc_async_write_page<TensorAccessor<DSpec>, false>(id, addrgen, src_local_l1_addr, 0, 0, noc);
}

template <uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1>
inline void noc_async_write_multicast(
    uint32_t src_local_l1_addr,
    uint64_t dst_noc_addr_multicast,
    uint32_t size,
    uint32_t num_dests,
    bool linked = false,
    uint8_t noc = noc_index,
    uint8_t vc = NOC_MULTICAST_WRITE_VC) {
    ttemu::abi::noc_write_multicast(src_local_l1_addr, dst_noc_addr_multicast, size, num_dests, false);
}

inline void noc_async_write_multicast_loopback_src(
    std::uint32_t src_local_l1_addr,
    std::uint64_t dst_noc_addr_multicast,
    std::uint32_t size,
    std::uint32_t num_dests,
    bool linked = false,
    uint8_t noc = noc_index) {
    ttemu::abi::noc_write_multicast(src_local_l1_addr, dst_noc_addr_multicast, size, num_dests, true);
}

FORCE_INLINE void noc_async_read_barrier(uint8_t noc = noc_index) { ttemu::abi::noc_read_barrier(); }
FORCE_INLINE void noc_async_write_barrier(uint8_t noc = noc_index) { ttemu::abi::noc_write_barrier(); }
FORCE_INLINE void noc_async_writes_flushed(uint8_t noc = noc_index) { ttemu::abi::noc_writes_flushed(); }
FORCE_INLINE void noc_async_posted_writes_flushed(uint8_t noc = noc_index) { ttemu::abi::noc_writes_flushed(); }
FORCE_INLINE void noc_async_atomic_barrier(uint8_t noc_idx = noc_index) { ttemu::abi::noc_write_barrier(); }
FORCE_INLINE void noc_async_full_barrier(uint8_t noc_idx = noc_index) { ttemu::abi::noc_full_barrier(); }

// ---------------------------------------------------------------------------------------------
// Stateful transfers and transaction ids. The *_set_state calls keep a NoC address and size in a
// command buffer of this RISC (the emulator's: per RISC, per buffer), the *_with_state calls
// take the NoC coordinates (and size) from it and the local address from their arguments.
// A transaction id tags the transfers issued after it is set; the emulator's barriers with an id
// wait for all outstanding transfers of their kind, which includes the tagged ones (the data is
// never later than on the hardware; only the waiting can be longer).

constexpr uint32_t read_cmd_buf = 0;
constexpr uint32_t write_cmd_buf = 1;
constexpr uint32_t write_reg_cmd_buf = 2;
constexpr uint32_t write_at_cmd_buf = 3;
#ifndef NOC_CLEAR_OUTSTANDING_REQ_MASK
#define NOC_CLEAR_OUTSTANDING_REQ_MASK 0xFFFFFFFF
#endif

namespace ttemu::detail {
// The NoC coordinates of a command buffer's state with a local address.
TTEMU_ALWI uint64_t with_state_addr(uint32_t cmd_buf, uint64_t local) {
    return (ttemu::abi::noc_state_addr(cmd_buf) & ~NOC_LOCAL_ADDR_MASK) | (local & NOC_LOCAL_ADDR_MASK);
}
}  // namespace ttemu::detail

template <bool use_vc = false>
FORCE_INLINE void noc_async_read_one_packet_set_state(
    uint64_t src_noc_addr, uint32_t size, const uint32_t vc = 0, uint8_t noc = noc_index) {
    ttemu::abi::noc_set_state(read_cmd_buf, src_noc_addr, size);
}

template <bool inc_num_issued = true, bool use_vc = false>
FORCE_INLINE void noc_async_read_one_packet_with_state(
    uint32_t src_local_l1_addr, uint32_t dst_local_l1_addr, const uint32_t vc = 0, uint8_t noc = noc_index) {
    ttemu::abi::noc_read(ttemu::detail::with_state_addr(read_cmd_buf, src_local_l1_addr), dst_local_l1_addr,
                         ttemu::abi::noc_state_size(read_cmd_buf));
}

template <bool skip_ptr_update = false, bool skip_cmdbuf_chk = false>
FORCE_INLINE void noc_async_read_one_packet_with_state_with_trid(
    uint32_t src_base_addr, uint32_t src_addr, uint32_t dest_addr, uint32_t trid = 0, uint8_t noc = noc_index) {
    ttemu::abi::noc_read(ttemu::detail::with_state_addr(read_cmd_buf, uint64_t(src_base_addr) + src_addr), dest_addr,
                         ttemu::abi::noc_state_size(read_cmd_buf));
}

template <bool posted = false>
FORCE_INLINE void noc_async_write_one_packet_set_state(
    uint64_t dst_noc_addr, uint32_t size, uint8_t noc = noc_index, uint8_t vc = NOC_UNICAST_WRITE_VC) {
    ttemu::abi::noc_set_state(write_cmd_buf, dst_noc_addr, size);
}

template <bool posted = false>
FORCE_INLINE void noc_async_write_one_packet_with_state(
    uint32_t src_local_l1_addr, uint32_t dst_local_l1_addr, uint8_t noc = noc_index) {
    ttemu::abi::noc_write(src_local_l1_addr, ttemu::detail::with_state_addr(write_cmd_buf, dst_local_l1_addr),
                          ttemu::abi::noc_state_size(write_cmd_buf));
}

FORCE_INLINE void noc_async_read_set_trid(uint32_t trid = 0, uint8_t noc = noc_index) {}
FORCE_INLINE void noc_async_write_set_trid(uint32_t trid = 0, uint8_t noc = noc_index) {}

FORCE_INLINE void noc_async_read_barrier_with_trid(uint32_t trid, uint8_t noc = noc_index) {
    ttemu::abi::noc_read_barrier();
}

template <bool update_counter = true, bool posted = false>
FORCE_INLINE void noc_async_write_one_packet_with_trid(
    uint32_t src_local_l1_addr,
    uint64_t dst_noc_addr,
    uint32_t size,
    uint32_t trid,
    uint8_t cmd_buf = write_cmd_buf,
    uint8_t noc = noc_index,
    uint8_t vc = NOC_UNICAST_WRITE_VC) {
    ttemu::abi::noc_write(src_local_l1_addr, dst_noc_addr, size);
}

template <bool posted = false>
FORCE_INLINE void noc_async_write_one_packet_with_trid_set_state(
    uint64_t dst_noc_addr, uint8_t cmd_buf = write_cmd_buf, uint8_t noc = noc_index, uint8_t vc = NOC_UNICAST_WRITE_VC) {
    ttemu::abi::noc_set_state_addr(cmd_buf, dst_noc_addr);
}

template <bool update_counter = true, bool posted = false>
FORCE_INLINE void noc_async_write_one_packet_with_trid_with_state(
    uint32_t src_local_l1_addr,
    uint32_t dst_local_l1_addr,
    uint32_t size,
    uint32_t trid,
    uint8_t cmd_buf = write_cmd_buf,
    uint8_t noc = noc_index) {
    ttemu::abi::noc_write(src_local_l1_addr, ttemu::detail::with_state_addr(cmd_buf, dst_local_l1_addr), size);
}

FORCE_INLINE void noc_async_write_barrier_with_trid(uint32_t trid, uint8_t noc = noc_index) {
    ttemu::abi::noc_write_barrier();
}
FORCE_INLINE void noc_async_write_flushed_with_trid(uint32_t trid, uint8_t noc = noc_index) {
    ttemu::abi::noc_writes_flushed();
}
FORCE_INLINE void reset_noc_trid_barrier_counter(uint32_t id_mask = NOC_CLEAR_OUTSTANDING_REQ_MASK,
                                                 uint32_t noc = noc_index) {}

// ---------------------------------------------------------------------------------------------
// Semaphores

template <ProgrammableCoreType type = ProgrammableCoreType::TENSIX>
FORCE_INLINE uintptr_t get_semaphore(uint32_t semaphore_id) {
    return ttemu::abi::semaphore_addr(semaphore_id);
}

// From internal/tt-1xx/risc_common.h on hardware (which this header reaches as the real one does):
// before re-reading L1 that another RISC or the NoC may have written. In the emulator a loop that
// polls L1 with it lets the other threads run until something may have changed the word, and
// becomes part of a deadlock report (at this call) when nothing can any more.
FORCE_INLINE void invalidate_l1_cache() { ttemu::abi::poll_l1(); }

FORCE_INLINE void noc_semaphore_wait(volatile tt_l1_ptr uint32_t* sem_addr, uint32_t val) {
    ttemu::abi::semaphore_wait(sem_addr, val, false);
}
FORCE_INLINE void noc_semaphore_wait_min(volatile tt_l1_ptr uint32_t* sem_addr, uint32_t val) {
    ttemu::abi::semaphore_wait(sem_addr, val, true);
}
FORCE_INLINE void noc_semaphore_set(volatile tt_l1_ptr uint32_t* sem_addr, uint32_t val) {
    ttemu::abi::semaphore_set(sem_addr, val);
}

template <bool posted = false>
FORCE_INLINE void noc_semaphore_inc(
    uint64_t addr, uint32_t incr, uint8_t noc_id = noc_index, uint8_t vc = NOC_UNICAST_WRITE_VC) {
    ttemu::abi::semaphore_inc(addr, incr);
}

inline void noc_semaphore_set_remote(std::uint32_t src_local_l1_addr, std::uint64_t dst_noc_addr, uint8_t noc = noc_index) {
    ttemu::abi::semaphore_set_remote(src_local_l1_addr, dst_noc_addr);
}

inline void noc_semaphore_set_multicast(
    uint32_t src_local_l1_addr,
    uint64_t dst_noc_addr_multicast,
    uint32_t num_dests,
    bool linked = false,
    uint8_t noc = noc_index,
    uint8_t vc = NOC_MULTICAST_WRITE_VC) {
    ttemu::abi::semaphore_set_multicast(src_local_l1_addr, dst_noc_addr_multicast, num_dests, false);
}

inline void noc_semaphore_set_multicast_loopback_src(
    uint32_t src_local_l1_addr,
    uint64_t dst_noc_addr_multicast,
    uint32_t num_dests,
    bool linked = false,
    uint8_t noc = noc_index) {
    ttemu::abi::semaphore_set_multicast(src_local_l1_addr, dst_noc_addr_multicast, num_dests, true);
}

// ---------------------------------------------------------------------------------------------
// Banks and inline writes

template <bool DRAM>
FORCE_INLINE uint64_t get_noc_addr_from_bank_id(uint32_t bank_id, uint32_t bank_address_offset,
                                                uint8_t noc = noc_index) {
    return ttemu::abi::bank_noc_addr(DRAM, bank_id, bank_address_offset);
}


template <InlineWriteDst dst_type = InlineWriteDst::DEFAULT, bool posted = false, bool flush = true>
FORCE_INLINE void noc_inline_dw_write(uint64_t addr, uint32_t val, uint8_t be = 0xF, uint8_t noc = noc_index,
                                      uint8_t vc = NOC_UNICAST_WRITE_VC, uint32_t customized_src_addr = 0) {
    ttemu::abi::noc_inline_write(addr, val, be);
}
