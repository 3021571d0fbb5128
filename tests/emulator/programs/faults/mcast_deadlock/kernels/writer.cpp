// Writes this core's per_core_M x per_core_N output tiles, subblock by subblock as the compute
// kernel packs them (row-major inside a subblock).
#include <cstdint>
#include "api/dataflow/dataflow_api.h"
#ifdef TRACE
#include "api/debug/dprint.h"
#endif

void kernel_main() {
    const uint32_t c_addr = get_arg_val<uint32_t>(0);
    const uint32_t start = get_arg_val<uint32_t>(1);  // tile id of the block's top-left tile
    const uint32_t Nt = get_arg_val<uint32_t>(2);
    const uint32_t num_subblocks_h = get_arg_val<uint32_t>(3);
    const uint32_t num_subblocks_w = get_arg_val<uint32_t>(4);
    const uint32_t subblock_h = get_arg_val<uint32_t>(5);
    const uint32_t subblock_w = get_arg_val<uint32_t>(6);

    constexpr uint32_t cb_out = tt::CBIndex::c_16;
    const uint32_t tile_bytes = get_tile_size(cb_out);
    constexpr auto c_args = TensorAccessorArgs<0>();
    const auto c = TensorAccessor(c_args, c_addr, tile_bytes);
    const uint32_t subblock_tiles = subblock_h * subblock_w;

    for (uint32_t sh = 0; sh < num_subblocks_h; ++sh) {
        for (uint32_t sw = 0; sw < num_subblocks_w; ++sw) {
            cb_wait_front(cb_out, subblock_tiles);
            uint32_t l1 = get_read_ptr(cb_out);
            for (uint32_t h = 0; h < subblock_h; ++h)
                for (uint32_t w = 0; w < subblock_w; ++w, l1 += tile_bytes)
                    noc_async_write_page(start + (sh * subblock_h + h) * Nt + sw * subblock_w + w, c, l1);
            noc_async_write_barrier();
            cb_pop_front(cb_out, subblock_tiles);
#ifdef TRACE
            DPRINT("wrote subblock {},{}\n", sh, sw);
#endif
        }
    }
}
