// Transposes each tile of c_0 into c_16. Runtime arg 2, the mode: 1 transpose_init +
// transpose_tile; 2 copy_init(cb, transpose of faces, within faces) + copy_tile; 3 copy_tile, then
// transpose_dest in DST; 4 copy_init(cb, 1, 0): only the faces are reordered; 5 copy_init(cb, 0, 1):
// only each face is transposed.
#include <cstdint>
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/tile_move_copy.h"
#include "api/compute/transpose.h"
#include "api/compute/transpose_dest.h"

void kernel_main() {
    const uint32_t n = get_arg_val<uint32_t>(0);
    const uint32_t mode = get_arg_val<uint32_t>(2);
    constexpr auto cb_in = tt::CBIndex::c_0;
    constexpr auto cb_out = tt::CBIndex::c_16;
    compute_kernel_hw_startup(cb_in, cb_out);
    if (mode == 1) transpose_init(cb_in);
    else if (mode == 2) copy_init(cb_in, 1, 1);
    else if (mode == 4) copy_init(cb_in, 1, 0);
    else if (mode == 5) copy_init(cb_in, 0, 1);
    else {
        copy_init(cb_in);
        transpose_dest_init();
    }
    for (uint32_t i = 0; i < n; ++i) {
        cb_wait_front(cb_in, 1);
        tile_regs_acquire();
        if (mode == 1) {
            transpose_tile(cb_in, 0, 0);
        } else {
            copy_tile(cb_in, 0, 0);
            if (mode == 3) transpose_dest(0);
        }
        tile_regs_commit();
        cb_pop_front(cb_in, 1);
        cb_reserve_back(cb_out, 1);
        tile_regs_wait();
        pack_tile(0, cb_out);
        tile_regs_release();
        cb_push_back(cb_out, 1);
    }
}
