// C_i = A_i op B' for every tile A_i of c_0, with B = tile 0 of c_1 broadcast.
// Runtime args: 2 op (0 add, 1 sub, 2 mul), 3 broadcast (0 rows, 1 cols, 2 scalar), 4 bcast_row_idx
// (rows), 5 generic: bcast_init<EltwiseBinaryType, BroadcastType> and <op>_tiles_bcast<BroadcastType>
// instead of the named <op>_bcast_<dim>_init and <op>_tiles_bcast_<dim>.
#include <cstdint>
#include "api/compute/bcast.h"
#include "api/compute/compute_kernel_hw_startup.h"

constexpr auto cb_a = tt::CBIndex::c_0;
constexpr auto cb_b = tt::CBIndex::c_1;

void named_init(uint32_t op, uint32_t dim) {
    switch (op * 3 + dim) {
        case 0: add_bcast_rows_init(cb_a, cb_b); break;
        case 1: add_bcast_cols_init(cb_a, cb_b); break;
        case 2: add_bcast_scalar_init(cb_a, cb_b); break;
        case 3: sub_bcast_rows_init(cb_a, cb_b); break;
        case 4: sub_bcast_cols_init(cb_a, cb_b); break;
        case 5: sub_bcast_scalar_init(cb_a, cb_b); break;
        case 6: mul_bcast_rows_init(cb_a, cb_b); break;
        case 7: mul_bcast_cols_init(cb_a, cb_b); break;
        default: mul_bcast_scalar_init(cb_a, cb_b); break;
    }
}

void named_op(uint32_t op, uint32_t dim, uint32_t row) {
    switch (op * 3 + dim) {
        case 0: add_tiles_bcast_rows(cb_a, cb_b, 0, 0, 0, row); break;
        case 1: add_tiles_bcast_cols(cb_a, cb_b, 0, 0, 0); break;
        case 2: add_tiles_bcast_scalar(cb_a, cb_b, 0, 0, 0); break;
        case 3: sub_tiles_bcast_rows(cb_a, cb_b, 0, 0, 0, row); break;
        case 4: sub_tiles_bcast_cols(cb_a, cb_b, 0, 0, 0); break;
        case 5: sub_tiles_bcast_scalar(cb_a, cb_b, 0, 0, 0); break;
        case 6: mul_tiles_bcast_rows(cb_a, cb_b, 0, 0, 0, row); break;
        case 7: mul_tiles_bcast_cols(cb_a, cb_b, 0, 0, 0); break;
        default: mul_tiles_bcast_scalar(cb_a, cb_b, 0, 0, 0); break;
    }
}

template <EltwiseBinaryType op, BroadcastType dim>
void generic(bool init, uint32_t row) {
    if (init) {
        bcast_init<op, dim>(cb_a, cb_b);
    } else if constexpr (op == EltwiseBinaryType::ELWADD) {
        add_tiles_bcast<dim>(cb_a, cb_b, 0, 0, 0, row);
    } else if constexpr (op == EltwiseBinaryType::ELWSUB) {
        sub_tiles_bcast<dim>(cb_a, cb_b, 0, 0, 0, row);
    } else {
        mul_tiles_bcast<dim>(cb_a, cb_b, 0, 0, 0, row);
    }
}

template <EltwiseBinaryType op>
void generic_dim(uint32_t dim, bool init, uint32_t row) {
    if (dim == 0) generic<op, BroadcastType::ROW>(init, row);
    else if (dim == 1) generic<op, BroadcastType::COL>(init, row);
    else generic<op, BroadcastType::SCALAR>(init, row);
}

void generic_op(uint32_t op, uint32_t dim, bool init, uint32_t row) {
    if (op == 0) generic_dim<EltwiseBinaryType::ELWADD>(dim, init, row);
    else if (op == 1) generic_dim<EltwiseBinaryType::ELWSUB>(dim, init, row);
    else generic_dim<EltwiseBinaryType::ELWMUL>(dim, init, row);
}

void kernel_main() {
    const uint32_t n = get_arg_val<uint32_t>(0);
    const uint32_t op = get_arg_val<uint32_t>(2);
    const uint32_t dim = get_arg_val<uint32_t>(3);
    const uint32_t row = get_arg_val<uint32_t>(4);
    const bool use_generic = get_arg_val<uint32_t>(5) != 0;
    constexpr auto cb_out = tt::CBIndex::c_16;
    compute_kernel_hw_startup(cb_a, cb_b, cb_out);
    if (use_generic) generic_op(op, dim, true, row);
    else named_init(op, dim);
    cb_wait_front(cb_b, 1);
    for (uint32_t i = 0; i < n; ++i) {
        cb_wait_front(cb_a, 1);
        tile_regs_acquire();
        if (use_generic) generic_op(op, dim, false, row);
        else named_op(op, dim, row);
        tile_regs_commit();
        cb_pop_front(cb_a, 1);
        cb_reserve_back(cb_out, 1);
        tile_regs_wait();
        pack_tile(0, cb_out);
        tile_regs_release();
        cb_push_back(cb_out, 1);
    }
    cb_pop_front(cb_b, 1);
}
