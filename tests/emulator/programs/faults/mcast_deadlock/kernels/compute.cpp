// Per K block: for every output subblock, reload its partial sums from c_24 (after the first
// block), accumulate in0 (c_0) x in1 (c_1) into DST with matmul_tiles, and pack the sums to c_24,
// or, after the last block, to the output CB c_16.
// Compile-time args: block_w, in0_num_subblocks, in1_num_subblocks, num_blocks, subblock_h,
// subblock_w.
#include <cstdint>
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/matmul.h"
#include "api/compute/tile_move_copy.h"
#include "api/compute/reconfig_data_format.h"
#include "api/compute/pack.h"
#ifdef TRACE
#include "api/debug/dprint.h"
#endif

void kernel_main() {
    constexpr uint32_t block_w = get_compile_time_arg_val(0);
    constexpr uint32_t in0_num_subblocks = get_compile_time_arg_val(1);
    constexpr uint32_t in1_num_subblocks = get_compile_time_arg_val(2);
    constexpr uint32_t num_blocks = get_compile_time_arg_val(3);
    constexpr uint32_t subblock_h = get_compile_time_arg_val(4);
    constexpr uint32_t subblock_w = get_compile_time_arg_val(5);
    constexpr uint32_t subblock_tiles = subblock_h * subblock_w;
    constexpr uint32_t in1_per_core_w = subblock_w * in1_num_subblocks;  // per_core_N
    constexpr uint32_t in0_block_tiles = subblock_h * in0_num_subblocks * block_w;
    constexpr uint32_t in1_block_tiles = block_w * in1_per_core_w;

    constexpr auto cb_in0 = tt::CBIndex::c_0;
    constexpr auto cb_in1 = tt::CBIndex::c_1;
    constexpr auto cb_out = tt::CBIndex::c_16;
    constexpr auto cb_interm = tt::CBIndex::c_24;

    compute_kernel_hw_startup<SrcOrder::Reverse>(cb_in0, cb_in1, cb_interm);
    matmul_init(cb_in0, cb_in1);
    for (uint32_t block = 0; block < num_blocks; ++block) {
        const bool last = block == num_blocks - 1;
        if (last) pack_reconfig_data_format(cb_interm, cb_out);
        cb_wait_front(cb_in0, in0_block_tiles);
        cb_wait_front(cb_in1, in1_block_tiles);
        for (uint32_t sh = 0; sh < in0_num_subblocks; ++sh) {
            for (uint32_t sw = 0; sw < in1_num_subblocks; ++sw) {
                tile_regs_acquire();
                if (block > 0) {
                    // SrcA is in1's in matmul: switch it to the partial sums and back.
                    reconfig_data_format_srca(cb_in1, cb_interm);
                    copy_init(cb_interm);
                    cb_wait_front(cb_interm, subblock_tiles);
                    for (uint32_t i = 0; i < subblock_tiles; ++i) copy_tile(cb_interm, i, i);
                    cb_pop_front(cb_interm, subblock_tiles);
                    reconfig_data_format_srca(cb_interm, cb_in1);
                    matmul_init(cb_in0, cb_in1);
                }
                uint32_t dst = 0;
                for (uint32_t h = 0; h < subblock_h; ++h) {
                    for (uint32_t w = 0; w < subblock_w; ++w, ++dst) {
                        for (uint32_t k = 0; k < block_w; ++k) {
                            const uint32_t in0_tile = (sh * subblock_h + h) * block_w + k;
                            const uint32_t in1_tile = k * in1_per_core_w + sw * subblock_w + w;
                            matmul_tiles(cb_in0, cb_in1, in0_tile, in1_tile, dst);
                        }
                    }
                }
                tile_regs_commit();
                const auto cb = last ? cb_out : cb_interm;
                cb_reserve_back(cb, subblock_tiles);
                tile_regs_wait();
                for (uint32_t i = 0; i < subblock_tiles; ++i) pack_tile(i, cb);
                tile_regs_release();
                cb_push_back(cb, subblock_tiles);
            }
        }
        cb_pop_front(cb_in0, in0_block_tiles);
        cb_pop_front(cb_in1, in1_block_tiles);
#ifdef TRACE
        DPRINT_PACK("block {} done\n", block);
#endif
    }
}
