// The Metal 2.0 NoC API of v0.81.1 (api/dataflow/noc.h): a Noc object whose transfers name their
// source and destination as endpoints (a TensorAccessor page, a DataflowBuffer or CircularBuffer,
// a CoreLocalMem, a core's L1 by coordinates, a multicast rectangle). Each endpoint type has a
// noc_traits_t<T> that turns its arguments into an address; the transfers themselves are the
// classic dataflow calls (and so the emulator's NoC entry points).
#pragma once

#include <cstdint>
#include <type_traits>

#include "api/dataflow/dataflow_api.h"
#include "api/debug/assert.h"
#include "api/dataflow/dfb_access.h"

template <typename DSpecT>
struct TensorAccessor;
struct UnicastEndpoint;
struct MulticastEndpoint;
class CircularBuffer;

struct DataflowBufferArgs {
    uint32_t offset_bytes{};
};

template <typename T>
struct noc_traits_t {
    static_assert(sizeof(T) == 0, "NoC transactions are not supported for this type");
};

template <typename T>
inline constexpr bool noc_zero_l1_endpoint_v = false;
template <typename T>
inline constexpr bool is_scratchpad_v = false;

enum class NocOptions : uint32_t {
    DEFAULT = 0,
    TXN_ID = 1u << 0,
    POSTED = 1u << 1,
    CUSTOM_VC = 1u << 2,
    MCAST_INCL_SRC = 1u << 3,
    INLINE_L1 = 1u << 4,
    INLINE_REG = 1u << 5,
};
constexpr NocOptions operator|(NocOptions a, NocOptions b) noexcept {
    return static_cast<NocOptions>(static_cast<uint32_t>(a) | static_cast<uint32_t>(b));
}
constexpr bool has_flag(NocOptions opts, NocOptions flag) noexcept {
    return (static_cast<uint32_t>(opts) & static_cast<uint32_t>(flag)) != 0;
}

struct NocOptVals {
    uint32_t vc = NOC_UNICAST_WRITE_VC;
    uint32_t trid = 0;
};

class Noc {
public:
    enum class AddressType { NOC, LOCAL_L1 };
    static constexpr uint32_t INVALID_TXN_ID = 0xFFFFFFFF;

private:
    template <typename T>
    using src_args_t = typename noc_traits_t<T>::src_args_type;
    template <typename T>
    using dst_args_t = typename noc_traits_t<T>::dst_args_type;
    template <typename T>
    using dst_args_mcast_t = typename noc_traits_t<T>::dst_args_mcast_type;

    template <AddressType address_type, typename Src>
    auto src_ptr(const Src& src, const src_args_t<Src>& args) const {
        return noc_traits_t<Src>::template src_addr<address_type>(src, *this, args);
    }
    template <AddressType address_type, typename Dst>
    auto dst_ptr(const Dst& dst, const dst_args_t<Dst>& args) const {
        return noc_traits_t<Dst>::template dst_addr<address_type>(dst, *this, args);
    }

public:
    Noc() : noc_id_(noc_index) {}
    explicit Noc(uint8_t noc_id) : noc_id_(noc_id) {}
    uint8_t get_noc_id() const { return noc_id_; }
    static uint32_t l1_cached_view(uint32_t addr) { return addr; }
    bool is_local_bank(uint32_t virtual_x, uint32_t virtual_y) const {
        return virtual_x == ttemu::abi::my_x() && virtual_y == ttemu::abi::my_y();
    }
    bool is_local_addr(const uint64_t noc_addr) const {
        return ttemu::abi::noc_addr_local(static_cast<uint32_t>(noc_addr)) == noc_addr;
    }

    template <NocOptions opts = NocOptions::DEFAULT, uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1,
              bool enable_noc_tracing = true, typename Src, typename Dst>
    void async_read(const Src& src, const Dst& dst, uint32_t size_bytes, const src_args_t<Src>& src_args,
                    const dst_args_t<Dst>& dst_args, const NocOptVals& noc_opts = {}) const {
        ttemu::abi::noc_read(src_ptr<AddressType::NOC>(src, src_args),
                             static_cast<uint32_t>(dst_ptr<AddressType::LOCAL_L1>(dst, dst_args)), size_bytes);
    }
    template <NocOptions opts = NocOptions::DEFAULT, uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1,
              bool enable_noc_tracing = true, typename Src, typename Dst>
    void async_write(const Src& src, const Dst& dst, uint32_t size_bytes, const src_args_t<Src>& src_args,
                     const dst_args_t<Dst>& dst_args, const NocOptVals& noc_opts = {}) const {
        ttemu::abi::noc_write(static_cast<uint32_t>(src_ptr<AddressType::LOCAL_L1>(src, src_args)),
                              dst_ptr<AddressType::NOC>(dst, dst_args), size_bytes);
    }
    template <NocOptions opts = NocOptions::DEFAULT, uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1,
              bool enable_noc_tracing = true, typename Src, typename Dst>
    void async_write_multicast(const Src& src, const Dst& dst, uint32_t size_bytes, uint32_t num_dsts,
                               const src_args_t<Src>& src_args, const dst_args_mcast_t<Dst>& dst_args,
                               bool linked = false) const {
        static_assert(!has_flag(opts, NocOptions::TXN_ID), "Mcasts with transaction id are not supported yet");
        static_assert(!has_flag(opts, NocOptions::POSTED), "Mcasts with posted transactions are not supported");
        const uint64_t dst_noc_addr = noc_traits_t<Dst>::template dst_addr_mcast<AddressType::NOC>(dst, *this, dst_args);
        ttemu::abi::noc_write_multicast(static_cast<uint32_t>(src_ptr<AddressType::LOCAL_L1>(src, src_args)),
                                        dst_noc_addr, size_bytes, num_dsts,
                                        has_flag(opts, NocOptions::MCAST_INCL_SRC));
    }
    // The *_with_state forms: the emulator keeps no command-buffer state, so set_* does nothing
    // and the transfer is a plain one with the full addresses.
    template <NocOptions opts = NocOptions::DEFAULT, uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1, typename Src>
    void set_async_read_state(const Src& src, uint32_t size_bytes, const src_args_t<Src>& src_args,
                              const NocOptVals& noc_opts = {}) const {}
    template <NocOptions opts = NocOptions::DEFAULT, uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1,
              typename Src, typename Dst>
    void async_read_with_state(const Src& src, const Dst& dst, uint32_t size_bytes, const src_args_t<Src>& src_args,
                               const dst_args_t<Dst>& dst_args, const NocOptVals& noc_opts = {}) const {
        async_read(src, dst, size_bytes, src_args, dst_args, noc_opts);
    }
    template <NocOptions opts = NocOptions::DEFAULT, uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1, typename Dst>
    void set_async_write_state(const Dst& dst, uint32_t size_bytes, const dst_args_t<Dst>& dst_args,
                               const NocOptVals& noc_opts = {}) const {}
    template <NocOptions opts = NocOptions::DEFAULT, uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1,
              typename Src, typename Dst>
    void async_write_with_state(const Src& src, const Dst& dst, uint32_t size_bytes, const src_args_t<Src>& src_args,
                                const dst_args_t<Dst>& dst_args, const NocOptVals& noc_opts = {}) const {
        async_write(src, dst, size_bytes, src_args, dst_args, noc_opts);
    }
    // A 4-byte write of `val` to the destination (the byte enables select bytes of the word).
    template <NocOptions opts = NocOptions::DEFAULT, typename Dst>
    void inline_dw_write(const Dst& dst, uint32_t val, const dst_args_t<Dst>& dst_args, uint8_t be = 0xF,
                         const NocOptVals& noc_opts = {}) const {
        ttemu::abi::noc_inline_write(dst_ptr<AddressType::NOC>(dst, dst_args), val, be);
    }
    bool is_read_trid_flushed(uint32_t trid) const { return true; }

    template <NocOptions opts = NocOptions::DEFAULT>
    void async_read_barrier(const NocOptVals& noc_opts = {}) const {
        ttemu::abi::noc_read_barrier();
    }
    template <NocOptions opts = NocOptions::DEFAULT>
    void async_write_barrier(const NocOptVals& noc_opts = {}) const {
        ttemu::abi::noc_write_barrier();
    }
    template <NocOptions opts = NocOptions::DEFAULT>
    void async_writes_flushed(const NocOptVals& noc_opts = {}) const {
        ttemu::abi::noc_write_barrier();
    }
    void async_atomic_barrier() const { ttemu::abi::noc_write_barrier(); }

    // (1) Zeroes `size_bytes` of a local L1 endpoint (CircularBuffer, DataflowBuffer, CoreLocalMem,
    // Scratchpad): reads of the core's zero region, so the bytes are defined after
    // write_zeros_l1_barrier() (a read barrier) and undefined before.
    template <typename Dst>
    void async_write_zeros(const Dst& dst, uint32_t size_bytes, const dst_args_t<Dst>& args = {}) const {
        static_assert(noc_zero_l1_endpoint_v<Dst>,
                      "noc.async_write_zeros: unsupported local-L1 destination. Supported: CircularBuffer, "
                      "DataflowBuffer, CoreLocalMem, Scratchpad, LocalTensorAccessor. Use the TensorAccessor "
                      "overload for DRAM.");
        if constexpr (is_scratchpad_v<Dst>) {
            ASSERT(static_cast<uint64_t>(args.offset_bytes) + size_bytes <= dst.size_in_bytes());
        }
        const uint32_t addr = static_cast<uint32_t>(dst_ptr<AddressType::LOCAL_L1>(dst, args));
        ASSERT(addr % NOC_L1_READ_ALIGNMENT_BYTES == 0);
        ttemu::abi::noc_read_zeros(addr, size_bytes);
    }
    // (2) Zeroes `size_bytes` of a DRAM page from a pre-zeroed local scratch (read at its read
    // pointer), in writes of at most NOC_MAX_BURST_SIZE; lands at write_zeros_dram_barrier().
    template <typename DSpecT, typename Scratch>
    void async_write_zeros(const ::TensorAccessor<DSpecT>& accessor, uint32_t size_bytes,
                           const dst_args_t<::TensorAccessor<DSpecT>>& args, const Scratch& scratch) const {
        static_assert(DSpecT::is_dram, "noc.async_write_zeros<TensorAccessor, Scratch> requires a DRAM-backed accessor.");
        static_assert(noc_zero_l1_endpoint_v<Scratch>,
                      "noc.async_write_zeros scratch must be a local-L1 endpoint: CircularBuffer, DataflowBuffer, "
                      "CoreLocalMem, Scratchpad or LocalTensorAccessor.");
        ASSERT(args.offset_bytes + size_bytes <= accessor.get_aligned_page_size());
        const uint32_t src = static_cast<uint32_t>(src_ptr<AddressType::LOCAL_L1>(scratch, src_args_t<Scratch>{}));
        uint64_t dst = accessor.get_noc_addr(args.page_id, args.offset_bytes, noc_id_);
        for (uint32_t remaining = size_bytes; remaining > 0;) {
            const uint32_t curr = remaining > uint32_t(NOC_MAX_BURST_SIZE) ? uint32_t(NOC_MAX_BURST_SIZE) : remaining;
            ttemu::abi::noc_write(src, dst, curr);
            dst += curr;
            remaining -= curr;
        }
    }
    void write_zeros_l1_barrier() const { ttemu::abi::noc_read_barrier(); }
    void write_zeros_dram_barrier() const { ttemu::abi::noc_write_barrier(); }
    void async_full_barrier() const { ttemu::abi::noc_full_barrier(); }

private:
    uint8_t noc_id_;
};
