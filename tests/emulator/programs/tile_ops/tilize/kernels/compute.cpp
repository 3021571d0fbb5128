// Tilize / untilize of c_0 into c_16, BLOCK (a define, default 1) tiles at a time: the data in
// c_0 is rows of BLOCK * 32 datums (row-major, modes 1-2) or tiles (modes 3-7); the output the
// other way round. Runtime arg 2, the mode:
//   1 tilize_init + tilize_block            2 fast_tilize_init + fast_tilize_block
//   3 untilize_init + untilize_block<1>     4 pack_untilize_init<BLOCK> + pack_untilize_block
//   5 copy_tile x BLOCK, pack_untilize_dest<BLOCK>
//   6 copy_tile x BLOCK, two pack_untilize_dest<BLOCK / 2, BLOCK>(ocb, 1, half, half * BLOCK / 2)
//     (block_c_index and tile_dst_rt_offset: each half of the DST tiles to its half of the rows)
//   7 fast_untilize_init<BLOCK> + fast_untilize_block<BLOCK>
#include <cstdint>
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/experimental/fast_untilize.h"
#include "api/compute/pack_untilize.h"
#include "api/compute/tile_move_copy.h"
#include "api/compute/tilize.h"
#include "api/compute/untilize.h"

#ifndef BLOCK
#define BLOCK 1
#endif

void kernel_main() {
    const uint32_t n = get_arg_val<uint32_t>(0);
    const uint32_t mode = get_arg_val<uint32_t>(2);
    constexpr auto cb_in = tt::CBIndex::c_0;
    constexpr auto cb_out = tt::CBIndex::c_16;
    constexpr uint32_t block = BLOCK;
    constexpr uint32_t half = block >= 2 ? block / 2 : 1;  // mode 6 (BLOCK even)
    compute_kernel_hw_startup(cb_in, cb_out);
    if (mode == 1) tilize_init(cb_in, block, cb_out);
    else if (mode == 2) fast_tilize_init(cb_in, block, cb_out);
    else if (mode == 3) untilize_init(cb_in);
    else if (mode == 4) pack_untilize_init<block>(cb_in, cb_out);
    else if (mode == 5) copy_init(cb_in), pack_untilize_dest_init<block>(cb_out);
    else if (mode == 6) copy_init(cb_in), pack_untilize_dest_init<half, block>(cb_out);
    else fast_untilize_init<block>(cb_in, cb_out);
    for (uint32_t i = 0; i < n / block; ++i) {
        cb_wait_front(cb_in, block);
        cb_reserve_back(cb_out, block);
        if (mode == 1) {
            tilize_block(cb_in, block, cb_out);
        } else if (mode == 2) {
            fast_tilize_block(cb_in, block, cb_out);
        } else if (mode == 3) {
            untilize_block<1>(cb_in, block, cb_out);
        } else if (mode == 4) {
            pack_untilize_block<block>(cb_in, 1, cb_out);
        } else if (mode == 7) {
            fast_untilize_block<block>(cb_in, cb_out);
        } else {
            tile_regs_acquire();
            for (uint32_t c = 0; c < block; ++c) copy_tile(cb_in, c, c);
            tile_regs_commit();
            tile_regs_wait();
            if (mode == 5) {
                pack_untilize_dest<block>(cb_out);
            } else {
                pack_untilize_dest<half, block>(cb_out, 1, 0, 0);
                pack_untilize_dest<half, block>(cb_out, 1, 1, half);
            }
            tile_regs_release();
        }
        cb_push_back(cb_out, block);
        cb_pop_front(cb_in, block);
    }
    if (mode == 1) tilize_uninit(cb_in, cb_out);
    else if (mode == 2) fast_tilize_uninit(cb_in, cb_out, block);
    else if (mode == 3) untilize_uninit(cb_in);
    else if (mode == 7) fast_untilize_uninit<block>(cb_out);
    else if (mode >= 4) pack_untilize_uninit(cb_out);
}
