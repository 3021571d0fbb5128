// The boundary between kernel code and the emulator runtime (libttemu). The Metalium kernel API
// headers under api/ are thin wrappers over these functions; each records the kernel call site,
// so faults and deadlocks name the kernel's source line.
#pragma once

#include <cstddef>
#include <cstdint>

#define TTEMU_ALWI inline __attribute__((always_inline))

namespace ttemu::abi {

// Runtime arguments (L1 addresses of the argument words; bounds-checked).
uint32_t arg_addr(int idx);
uint32_t common_arg_addr(int idx);

// Circular buffers.
void cb_reserve_back(int32_t cb, int32_t num_pages);
void cb_push_back(int32_t cb, int32_t num_pages);
void cb_wait_front(int32_t cb, int32_t num_pages);
void cb_pop_front(int32_t cb, int32_t num_pages);
bool cb_pages_reservable_at_back(int32_t cb, int32_t num_pages);
bool cb_pages_available_at_front(int32_t cb, int32_t num_pages);
// invalidate_l1_cache(): the next L1 read sees other writers. A loop that polls L1 calls it, so
// the emulator lets the other threads run until something is written (or reports a deadlock).
void poll_l1();
uint32_t cb_write_ptr(uint32_t cb);
uint32_t cb_read_ptr(uint32_t cb);
// The firmware's LocalCBInterface words of `cb` now: fifo_size, fifo_limit (L1 byte address one
// past the FIFO), fifo_page_size, fifo_num_pages, fifo_rd_ptr, fifo_wr_ptr (L1 byte addresses),
// tiles_acked | tiles_received << 16 (16-bit counters), fifo_wr_tile_ptr.
void cb_interface(uint32_t cb, uint32_t words[8]);

// NoC transfers; each lands at its barrier.
void noc_read(uint64_t src_noc_addr, uint32_t dst_l1_addr, uint32_t size);
void noc_write(uint32_t src_l1_addr, uint64_t dst_noc_addr, uint32_t size);
void noc_write_multicast(uint32_t src_l1_addr, uint64_t dst_mcast_addr, uint32_t size, uint32_t num_dests,
                         bool include_self);
// A 4-byte write of `val` (the bytes that `byte_enable` selects) to a NoC address; lands at the
// write barrier like noc_write.
void noc_inline_write(uint64_t dst_noc_addr, uint32_t val, uint8_t byte_enable);
// The NoC command buffers' state of the *_set_state / *_with_state calls: the destination (write)
// or source (read) NoC address and the size that the next *_with_state transfer of `cmd_buf`
// (0-3) uses. Kept per RISC.
void noc_set_state(uint32_t cmd_buf, uint64_t noc_addr, uint32_t size);
void noc_set_state_addr(uint32_t cmd_buf, uint64_t noc_addr);  // the address alone
uint64_t noc_state_addr(uint32_t cmd_buf);
uint32_t noc_state_size(uint32_t cmd_buf);
// Zeroes `size` bytes of this core's L1 as Wormhole's noc.async_write_zeros does: NoC reads of
// the core's own zero region (MEM_ZEROS_BASE, 512 bytes a read), landing at the read barrier.
void noc_read_zeros(uint32_t dst_l1_addr, uint32_t size);
void noc_read_barrier();
void noc_write_barrier();
void noc_writes_flushed();  // writes have left the core (functionally: landed)
void noc_full_barrier();

// Addresses.
uint64_t noc_addr_xy(uint32_t x, uint32_t y, uint64_t addr);
uint64_t noc_addr_local(uint64_t addr);
uint64_t noc_mcast_addr(uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1, uint64_t addr);
// NoC address of page `page_id` (+ offset) of the interleaved buffer at `base`, bounds-checked.
uint64_t interleaved_page_addr(bool is_dram, uint32_t base, uint32_t page_size, uint32_t page_id,
                               uint32_t offset);
// NoC address of `addr` in DRAM bank `bank` (is_dram) or in the L1 of the worker that is L1 bank `bank`.
uint64_t bank_noc_addr(bool is_dram, uint32_t bank, uint32_t addr);
uint32_t my_x();  // virtual NoC coordinates of this core
uint32_t my_y();
uint32_t logical_x();
uint32_t logical_y();
uint32_t num_dram_banks();
uint32_t num_l1_banks();

// Semaphores.
uint32_t semaphore_addr(uint32_t id);
void semaphore_wait(volatile uint32_t* sem, uint32_t val, bool at_least);
void semaphore_set(volatile uint32_t* sem, uint32_t val);
void semaphore_inc(uint64_t noc_addr, uint32_t incr);
void semaphore_set_remote(uint32_t src_l1_addr, uint64_t dst_noc_addr);
void semaphore_set_multicast(uint32_t src_l1_addr, uint64_t dst_mcast_addr, uint32_t num_dests, bool include_self);

// Mailboxes between the RISCs of a core (ckernel::mailbox_write / mailbox_read): a word written
// to `thread` (ckernel::ThreadId) by this RISC; the next word `thread` wrote to this RISC, waiting
// for one. The compute fiber stands for the three compute threads: it reads each word once per
// thread it was written to, as the three threads would each read their own copy.
void mailbox_write(uint32_t thread, uint32_t data);
uint32_t mailbox_read(uint32_t thread);

// A kernel reached a Metalium function the emulator declares but does not emulate (`what` names
// the function and its header): a fault at the kernel line.
[[noreturn]] void not_emulated(const char* what);

// ASSERT(condition) failed: a fault naming the condition and the kernel line.
[[noreturn]] void assert_failed(const char* condition);

// DPRINT: fmt-style "{}" placeholders; prints one line prefixed with the core and thread.
enum class PrintArg : uint8_t { Int, Uint, Float, Str, Ptr, Bool };
void print(const char* fmt, const PrintArg* kinds, const uint64_t* values, size_t n);

}  // namespace ttemu::abi

// ---------------------------------------------------------------------------------------------
// Compute (TRISC): one fiber performs the unpack, math and pack threads' work in program order.
namespace ttemu::abi {

enum class BinaryOp : uint8_t { Add, Sub, Mul };
enum class ReuseDest : uint8_t { None, ToSrcA, ToSrcB };
enum class PoolOp : uint8_t { Sum, Avg, Max, Min };
enum class ReduceAxis : uint8_t { Row, Col, Scalar };
enum class Bcast : uint8_t { None, Col, Row, Scalar };

// SFPU operations on one DST tile (unary) or on two DST tiles (binary).
enum class SfpuOp : uint8_t {
    Exp, Log, Sqrt, Rsqrt, Recip, Abs, Neg, Relu, Sigmoid, Tanh, GeluApprox, Gelu, Silu, Square,
    AddScalar, SubScalar, MulScalar, DivScalar, RsubScalar, ReluMin, ReluMax, Fill, Sin, Cos, Tan,
    // binary (dst0 op dst1 -> odst)
    AddBinary, SubBinary, MulBinary, DivBinary, RsubBinary, MaxBinary, MinBinary, PowBinary,
    // ternary (dst0 != 0 ? dst1 : dst2 -> odst, on the bits)
    Where,
    // unary, 1.0 / 0.0: against zero (comp.h), against a scalar param0 (ckernel_sfpu_unary_comp.h)
    Ltz, Gtz, Lez, Gez, Eqz, Nez, UnaryNe, UnaryEq, UnaryGt, UnaryLt, UnaryGe, UnaryLe,
    // unary with params: softplus (beta, 1/beta, threshold), celu (alpha, 1/alpha), the shrinks (lambda)
    Softplus, Hardsigmoid, Softsign, Celu, Softshrink, Hardshrink, Cbrt, Erf, Erfc,
    // mask.h (dst0 = data and result, dst1 = the mask tile, dst0 + 1 as in the LLK), elu (alpha),
    // lerp (dst0 + dst2 * (dst1 - dst0) -> odst)
    Mask, MaskPosinf, Elu, Lerp,
    // typecast.h Float32 -> Float16_b: the value rounded to bfloat16 (with kSfpuRoundBf16)
    TypecastFp32ToFp16b,
    // compute_kernel_api.h: sign (-1, 0, 1), x ** param0 (float bits), x ** param0 (an integer, by
    // repeated multiplication)
    Sign, PowerScalar, PowerIterative,
    // identity.h (DST unchanged), clamp.h (param0 <= x <= param1), threshold.h (param1 where
    // x <= param0), log1p.h
    Identity, Clamp, Threshold, Log1p,
};
// sfpu_ext flags. Approx: the op's fast approximate mode (cost only). RoundBf16: the op rounds its
// result to bfloat16 itself (its is_fp32_dest_acc_en template argument is false). InpBf16: the LLK
// takes its bfloat16 path (the kernel does not define INP_FLOAT32).
// PackThread: the op runs on the pack thread (the *_tile_pack calls), on the DST section it holds.
enum SfpuFlag : uint32_t { kSfpuApprox = 1, kSfpuRoundBf16 = 2, kSfpuInpBf16 = 4, kSfpuPackThread = 8 };

void compute_hw_startup(uint32_t icb0, uint32_t icb1, uint32_t ocb);
void tile_regs_acquire();
void tile_regs_commit();
void tile_regs_wait();
void tile_regs_release();
void acquire_dst();
void release_dst();
void check_cb(uint32_t cb, const char* fn);  // validates a CB id named by an init / reconfig call
constexpr uint32_t kNoCb = ~0u;
// An op's init or a data format reconfiguration naming CBs cb0 and cb1 (kNoCb: none): validates
// them; the timing model charges the reconfiguration of the pipelines it touches.
enum class InitKind : uint8_t { Op, ReconfigUnpack, ReconfigPack };
void op_init(uint32_t cb0, uint32_t cb1, const char* fn, InitKind kind = InitKind::Op);
void sfpu_init();  // an SFPU op's init
void copy_tile(uint32_t cb, uint32_t tile, uint32_t dst);
void eltwise_binary(BinaryOp op, uint32_t cb0, uint32_t cb1, uint32_t tile0, uint32_t tile1, uint32_t dst,
                    ReuseDest reuse);
// approx: the op's fast approximate mode (it costs fewer cycles; the values are the exact ones).
// faces: the faces of the tile it processes (bit f: face f), as an LLK VectorMode selects them
// (_llk_math_eltwise_sfpu_apply_vector_mode_): the others keep their values, and the op costs
// its per-face share of a tile's cycles.
void sfpu(SfpuOp op, uint32_t dst0, uint32_t dst1, uint32_t odst, uint32_t param0, bool approx = false,
          uint8_t faces = 0xF);
// The general form: a third DST operand (Where), up to three params (fp32 bits), SfpuFlag flags.
void sfpu_ext(SfpuOp op, uint32_t dst0, uint32_t dst1, uint32_t dst2, uint32_t odst, uint32_t param0, uint32_t param1,
              uint32_t param2, uint32_t flags, uint8_t faces = 0xF);
void pack_tile(uint32_t dst, uint32_t cb, uint32_t out_tile, bool out_of_order);
// Packer configuration: accumulate into the L1 tile (pack_reconfig_l1_acc); ReLU on the packed
// values (pack_relu_config: mode = ckernel::ReluType, threshold = its bfloat16 bits).
void pack_l1_acc(bool enable);
void pack_relu(uint8_t mode, uint32_t threshold_bf16);

// Unpacker A configuration of copy_init / transpose_init: transpose of faces, within faces.
void unpack_a_init(uint32_t cb, bool transpose_faces, bool transpose_within, const char* fn);
void transpose_tile(uint32_t cb, uint32_t tile, uint32_t dst);
void transpose_dest(uint32_t dst, bool transpose_of_faces, bool is_32bit);
// matmul: DST[dst + r * ct + c] += in0[tile0 + r * kt] @ in1[tile1 + c] (in1 transposed if the
// init asked for it), r < rt, c < ct.
void matmul_init(uint32_t in0, uint32_t in1, uint32_t transpose, const char* fn);
void matmul(uint32_t in0, uint32_t in1, uint32_t tile0, uint32_t tile1, uint32_t dst, uint32_t ct, uint32_t rt,
            uint32_t kt, const char* fn);
void reduce_init(PoolOp op, ReduceAxis axis, uint32_t icb, uint32_t scaler_cb, uint32_t ocb);
void reduce_tile(PoolOp op, ReduceAxis axis, uint32_t icb, uint32_t scaler_cb, uint32_t tile, uint32_t scaler_tile,
                 uint32_t dst);
void reduce_uninit();
void eltwise_binary_bcast(BinaryOp op, Bcast b, uint32_t cb0, uint32_t cb1, uint32_t tile0, uint32_t tile1, uint32_t dst,
                          uint32_t bcast_row);
void unary_bcast(Bcast b, uint32_t cb, uint32_t tile, uint32_t dst);
// SFPU reduce of DST tiles in place: Col (one tile): results in row 0; Row (a rt x ct block of
// tiles from dst): each tile's row results in its column 0, the block row's in its first tile.
void sfpu_reduce(PoolOp op, ReduceAxis axis, uint32_t dst, uint32_t ct, uint32_t rt);

// Tilize and untilize (src/tilize.cpp). Row-major data in a CB is rows of datums from the CB's
// read (or write) pointer on, contiguous across its pages; only Float32 and Float16_b have one.
// tilize_init / untilize_init / pack_untilize_init: the unpacker A init (no transposes); ocb may
// be kNoCb.
void tilize_init(uint32_t icb, uint32_t ocb, const char* fn);
// tilize_block: tiles input_tile_index .. + block - 1 of the row-major data at the front of icb
// (tile t: datum columns (t % block) * 32 of rows (t / block) * 32 .. + 31, rows block * 32
// datums long) are copied through DST to tiles output_tile_index .. + block - 1 of ocb's
// reservation, one DST section each.
void tilize_block(uint32_t icb, uint32_t block, uint32_t ocb, uint32_t input_tile_index, uint32_t output_tile_index,
                  bool fast);
// untilize_block: the full_ct_dim tiles at the front of icb, as 32 row-major rows of full_ct_dim
// * 32 datums, are packed in order into the next full_ct_dim tiles of ocb's reservation (datum i
// of the rows to datum i % 1024 of tile i / 1024), block_ct_dim tiles per DST section.
void untilize_block(uint32_t icb, uint32_t full_ct_dim, uint32_t ocb, uint32_t block_ct_dim);
// pack_untilize_dest: for r < block_rt_dim, c < block_ct_dim, DST tile tile_dst_ct_offset +
// tile_dst_rt_offset + r * block_ct_dim + c goes, as 32 rows, to datum column (block_c_index *
// block_ct_dim + c) * 32 of the row-major rows (full_ct_dim * 32 datums long) that start
// r * full_ct_dim pages after ocb's write pointer.
void pack_untilize_dest(uint32_t ocb, uint32_t block_rt_dim, uint32_t block_c_index, uint32_t tile_dst_rt_offset,
                        uint32_t block_ct_dim, uint32_t full_ct_dim, uint32_t tile_dst_ct_offset);
// pack_untilize_block: block_rt_dim times, tiles 0 .. block_ct_dim - 1 of icb are copied to DST
// (a section of its own) and packed as pack_untilize_dest(ocb, 1, block_c_index).
void pack_untilize_block(uint32_t icb, uint32_t block_rt_dim, uint32_t ocb, uint32_t block_c_index,
                         uint32_t block_ct_dim, uint32_t full_ct_dim);

}  // namespace ttemu::abi
