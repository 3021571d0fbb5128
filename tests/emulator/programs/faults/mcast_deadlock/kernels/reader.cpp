// FAULT: the matmul_mcast reader with an off-by-one in the sender's handshake: it waits for one
// "ready" more than there are receivers, so every sender waits forever, every receiver waits for
// its VALID, and the compute and writer kernels wait for tiles (a deadlock on 16 cores).
#include <cstdint>
#include "api/dataflow/dataflow_api.h"
#include "hostdevcommon/common_values.hpp"
#ifdef TRACE
#include "api/debug/dprint.h"
#endif

struct Mcast {
    bool sender;                 // this core reads the block and multicasts it
    uint32_t x0, y0, x1, y1;     // receivers' rectangle (NoC coordinates)
    uint32_t num_dests;          // receivers in it (the sender excluded)
    uint32_t sender_x, sender_y; // the sender's NoC coordinates
    uint32_t sender_sem, receiver_sem;  // L1 addresses of the two semaphores

    explicit Mcast(uint32_t arg) :
        sender(get_arg_val<uint32_t>(arg) != 0),
        x0(get_arg_val<uint32_t>(arg + 1)), y0(get_arg_val<uint32_t>(arg + 2)),
        x1(get_arg_val<uint32_t>(arg + 3)), y1(get_arg_val<uint32_t>(arg + 4)),
        num_dests(get_arg_val<uint32_t>(arg + 5)),
        sender_x(get_arg_val<uint32_t>(arg + 6)), sender_y(get_arg_val<uint32_t>(arg + 7)),
        sender_sem(get_semaphore(get_arg_val<uint32_t>(arg + 8))),
        receiver_sem(get_semaphore(get_arg_val<uint32_t>(arg + 9))) {}
};

inline volatile tt_l1_ptr uint32_t* sem_ptr(uint32_t addr) {
    return reinterpret_cast<volatile tt_l1_ptr uint32_t*>(addr);
}

// Sender side of one block already in L1 at `l1_addr`: wait until every receiver has room, then
// multicast the block to the same address on each and flag it VALID there.
inline void send_block(const Mcast& m, uint32_t l1_addr, uint32_t bytes) {
    if (m.num_dests == 0) return;
    noc_semaphore_wait(sem_ptr(m.sender_sem), m.num_dests + 1);  // BLOCKED_SENDER
    noc_semaphore_set(sem_ptr(m.sender_sem), 0);
    noc_async_write_multicast(l1_addr, get_noc_multicast_addr(m.x0, m.y0, m.x1, m.y1, l1_addr), bytes, m.num_dests);
    // The receiver semaphore holds VALID on the sender (set once at the start); multicasting it
    // after the data on the same NoC lands it after the data.
    noc_semaphore_set_multicast(m.receiver_sem, get_noc_multicast_addr(m.x0, m.y0, m.x1, m.y1, m.receiver_sem),
                                m.num_dests);
}

// Receiver side: tell the sender our CB has room for the block (already reserved), then wait for
// its VALID.
inline void receive_block(const Mcast& m) {
    noc_semaphore_set(sem_ptr(m.receiver_sem), INVALID);
    noc_semaphore_inc(get_noc_addr(m.sender_x, m.sender_y, m.sender_sem), 1);
    noc_semaphore_wait(sem_ptr(m.receiver_sem), VALID);  // BLOCKED_RECEIVER
}

void kernel_main() {
    const uint32_t a_addr = get_arg_val<uint32_t>(0);
    const uint32_t b_addr = get_arg_val<uint32_t>(1);
    const uint32_t Kt = get_arg_val<uint32_t>(2);
    const uint32_t Nt = get_arg_val<uint32_t>(3);
    const uint32_t in0_start = get_arg_val<uint32_t>(4);
    const uint32_t in1_start = get_arg_val<uint32_t>(5);
    const uint32_t block_w = get_arg_val<uint32_t>(6);  // K tiles per block
    const uint32_t per_core_M = get_arg_val<uint32_t>(7);
    const uint32_t per_core_N = get_arg_val<uint32_t>(8);
    const uint32_t num_blocks = get_arg_val<uint32_t>(9);
    const Mcast in0(10), in1(20);

    constexpr uint32_t cb_in0 = tt::CBIndex::c_0;
    constexpr uint32_t cb_in1 = tt::CBIndex::c_1;
    const uint32_t tile_bytes = get_tile_size(cb_in0);
    const uint32_t in0_block_tiles = per_core_M * block_w, in1_block_tiles = block_w * per_core_N;
    constexpr auto a_args = TensorAccessorArgs<0>();
    const auto a = TensorAccessor(a_args, a_addr, tile_bytes);
    constexpr auto b_args = TensorAccessorArgs<a_args.next_compile_time_args_offset()>();
    const auto b = TensorAccessor(b_args, b_addr, tile_bytes);

    // What a sender multicasts to the receivers' semaphores.
    if (in0.sender) *sem_ptr(in0.receiver_sem) = VALID;
    if (in1.sender) *sem_ptr(in1.receiver_sem) = VALID;

    for (uint32_t block = 0; block < num_blocks; ++block) {
        // in0 block: rows of this core's row block, K tiles block * block_w ...
        cb_reserve_back(cb_in0, in0_block_tiles);
        if (in0.sender) {
            const uint32_t l1 = get_write_ptr(cb_in0);
            uint32_t dst = l1;
            for (uint32_t h = 0; h < per_core_M; ++h)
                for (uint32_t w = 0; w < block_w; ++w, dst += tile_bytes)
                    noc_async_read_page(in0_start + h * Kt + block * block_w + w, a, dst);
            noc_async_read_barrier();
            send_block(in0, l1, in0_block_tiles * tile_bytes);
        } else {
            receive_block(in0);
        }
#ifdef TRACE
        DPRINT("in0 block {} {}\n", block, in0.sender ? "sent" : "received");
#endif
        cb_push_back(cb_in0, in0_block_tiles);

        // in1 block: K tiles block * block_w ..., columns of this core's column block.
        cb_reserve_back(cb_in1, in1_block_tiles);
        if (in1.sender) {
            const uint32_t l1 = get_write_ptr(cb_in1);
            uint32_t dst = l1;
            for (uint32_t h = 0; h < block_w; ++h)
                for (uint32_t w = 0; w < per_core_N; ++w, dst += tile_bytes)
                    noc_async_read_page(in1_start + (block * block_w + h) * Nt + w, b, dst);
            noc_async_read_barrier();
            send_block(in1, l1, in1_block_tiles * tile_bytes);
        } else {
            receive_block(in1);
        }
#ifdef TRACE
        DPRINT("in1 block {} {}\n", block, in1.sender ? "sent" : "received");
#endif
        cb_push_back(cb_in1, in1_block_tiles);
    }
    // The last multicasts land before the kernel ends.
    noc_async_write_barrier();
}
