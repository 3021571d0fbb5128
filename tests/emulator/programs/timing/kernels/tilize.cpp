// tilize_block(c_0, 1, c_16) page by page: each call unpacks one tile's rows in tileize mode and
// packs the tile, in a DST section of its own.
#include <cstdint>
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/tilize.h"
#include "api/compute/cb_api.h"

void kernel_main() {
    const uint32_t n = get_arg_val<uint32_t>(0);
    constexpr auto in = tt::CBIndex::c_0, out = tt::CBIndex::c_16;
    compute_kernel_hw_startup(in, out);
    tilize_init(in, 1, out);
    for (uint32_t i = 0; i < n; i++) {
        cb_wait_front(in, 1);
        cb_reserve_back(out, 1);
        tilize_block(in, 1, out);
        cb_push_back(out, 1);
        cb_pop_front(in, 1);
    }
    tilize_uninit(in, out);
}
