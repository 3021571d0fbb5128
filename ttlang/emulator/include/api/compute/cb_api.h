#pragma once

#include "api/compute/common_globals.h"

namespace ckernel {

ALWI void cb_wait_front(uint32_t cbid, uint32_t ntiles) {
    ttemu::abi::cb_wait_front(static_cast<int32_t>(cbid), static_cast<int32_t>(ntiles));
}
ALWI void cb_pop_front(uint32_t cbid, uint32_t ntiles) {
    ttemu::abi::cb_pop_front(static_cast<int32_t>(cbid), static_cast<int32_t>(ntiles));
}
ALWI void cb_reserve_back(uint32_t cbid, uint32_t ntiles) {
    ttemu::abi::cb_reserve_back(static_cast<int32_t>(cbid), static_cast<int32_t>(ntiles));
}
ALWI void cb_push_back(uint32_t cbid, uint32_t ntiles) {
    ttemu::abi::cb_push_back(static_cast<int32_t>(cbid), static_cast<int32_t>(ntiles));
}
ALWI uint32_t get_tile_address(uint32_t cb_id, uint32_t tile_index) {
    return ttemu::abi::cb_read_ptr(cb_id) + tile_index * ttemu_cb_page_size[cb_id];
}

}  // namespace ckernel
