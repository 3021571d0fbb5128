// Semaphore<> of v0.81.1 (api/semaphore.h), for the dataflow cores: a word of this core's L1
// (get_semaphore(id)) with local waits and sets and remote increments and multicast sets. As on
// Wormhole and Blackhole, whose semaphores are LOCAL_NONATOMIC, up() on the own core only signals
// (it changes nothing) and down(n) waits for the value to reach n without subtracting it.
#pragma once

#include <cstdint>

#include "api/dataflow/noc.h"
#include "api/dataflow/semaphore_binding_token.h"

template <ProgrammableCoreType core_type = ProgrammableCoreType::TENSIX>
class Semaphore {
    template <ProgrammableCoreType>
    friend class Semaphore;

public:
    explicit Semaphore(SemaphoreBindingToken token) : handle_(get_semaphore<core_type>(token.id)) {}
    explicit Semaphore(std::uint32_t semaphore_id) : handle_(get_semaphore<core_type>(semaphore_id)) {}

    void up(std::uint32_t value) {}
    void down(std::uint32_t value) { noc_semaphore_wait_min(ptr(), value); }
    void wait(std::uint32_t value) const { noc_semaphore_wait(ptr(), value); }
    void wait_min(std::uint32_t value) const { noc_semaphore_wait_min(ptr(), value); }
    void set(std::uint32_t value) { noc_semaphore_set(ptr(), value); }
    std::uint32_t value() const {
        invalidate_l1_cache();
        return *ptr();
    }
    void up(const Noc& noc, std::uint32_t noc_x, std::uint32_t noc_y, std::uint32_t value,
            std::uint8_t vc = NOC_UNICAST_WRITE_VC) {
        noc_semaphore_inc(::get_noc_addr(noc_x, noc_y, handle_, noc.get_noc_id()), value, noc.get_noc_id(), vc);
    }
    template <ProgrammableCoreType dst_core_type = core_type>
    void relay_unicast(const Noc& noc, const Semaphore<dst_core_type>& dst_sem, std::uint32_t noc_x,
                       std::uint32_t noc_y) {
        noc_semaphore_set_remote(handle_, ::get_noc_addr(noc_x, noc_y, dst_sem.handle_, noc.get_noc_id()),
                                 noc.get_noc_id());
    }
    template <NocOptions opts = NocOptions::DEFAULT>
    void set_multicast(const Noc& noc, std::uint32_t noc_x_start, std::uint32_t noc_y_start, std::uint32_t noc_x_end,
                       std::uint32_t noc_y_end, std::uint32_t num_dests, bool linked = false) {
        const uint64_t mcast =
            ::get_noc_multicast_addr(noc_x_start, noc_y_start, noc_x_end, noc_y_end, handle_, noc.get_noc_id());
        if constexpr (has_flag(opts, NocOptions::MCAST_INCL_SRC)) {
            noc_semaphore_set_multicast_loopback_src(handle_, mcast, num_dests, linked, noc.get_noc_id());
        } else {
            noc_semaphore_set_multicast(handle_, mcast, num_dests, linked, noc.get_noc_id());
        }
    }
    template <NocOptions opts = NocOptions::DEFAULT, ProgrammableCoreType dst_core_type = core_type>
    void relay_multicast(const Noc& noc, const Semaphore<dst_core_type>& dst_sem, std::uint32_t noc_x_start,
                         std::uint32_t noc_y_start, std::uint32_t noc_x_end, std::uint32_t noc_y_end,
                         std::uint32_t num_dests, bool linked = false) {
        const uint64_t mcast = ::get_noc_multicast_addr(noc_x_start, noc_y_start, noc_x_end, noc_y_end,
                                                        dst_sem.handle_, noc.get_noc_id());
        if constexpr (has_flag(opts, NocOptions::MCAST_INCL_SRC)) {
            noc_semaphore_set_multicast_loopback_src(handle_, mcast, num_dests, linked, noc.get_noc_id());
        } else {
            noc_semaphore_set_multicast(handle_, mcast, num_dests, linked, noc.get_noc_id());
        }
    }
    void inc_multicast(const Noc& noc, std::uint32_t noc_x_start, std::uint32_t noc_y_start, std::uint32_t noc_x_end,
                       std::uint32_t noc_y_end, std::uint32_t value, std::uint32_t num_dests) {
        for (uint32_t y = noc_y_start; y <= noc_y_end; ++y)
            for (uint32_t x = noc_x_start; x <= noc_x_end; ++x)
                noc_semaphore_inc(::get_noc_addr(x, y, handle_, noc.get_noc_id()), value, noc.get_noc_id());
    }

private:
    volatile tt_l1_ptr std::uint32_t* ptr() const {
        return reinterpret_cast<volatile tt_l1_ptr std::uint32_t*>(handle_);
    }
    std::uintptr_t handle_;
};
