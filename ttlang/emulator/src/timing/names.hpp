// Names of the kernel API calls the timing model sees: the slices of a trace and the rows of a
// profile. Event::name is an index into kNames.
#pragma once

#include <cstdint>

namespace ttemu::timing {

#define TTEMU_TIMING_NAMES(X)                                                                 \
    X(Kernel, "kernel")                                                                       \
    X(CbReserveBack, "cb_reserve_back")                                                       \
    X(CbPushBack, "cb_push_back")                                                             \
    X(CbWaitFront, "cb_wait_front")                                                           \
    X(CbPopFront, "cb_pop_front")                                                             \
    X(CbPoll, "cb_pages_available")                                                           \
    X(NocRead, "noc_async_read")                                                              \
    X(NocWrite, "noc_async_write")                                                            \
    X(NocMcast, "noc_async_write_multicast")                                                  \
    X(ReadBarrier, "noc_async_read_barrier")                                                  \
    X(WriteBarrier, "noc_async_write_barrier")                                                \
    X(WritesFlushed, "noc_async_writes_flushed")                                              \
    X(FullBarrier, "noc_async_full_barrier")                                                  \
    X(SemWait, "noc_semaphore_wait")                                                          \
    X(SemSet, "noc_semaphore_set")                                                            \
    X(SemInc, "noc_semaphore_inc")                                                            \
    X(SemSetRemote, "noc_semaphore_set_remote")                                               \
    X(SemSetMcast, "noc_semaphore_set_multicast")                                             \
    X(L1Poll, "invalidate_l1_cache")                                                          \
    X(RegsAcquire, "tile_regs_acquire")                                                       \
    X(RegsCommit, "tile_regs_commit")                                                         \
    X(RegsWait, "tile_regs_wait")                                                             \
    X(RegsRelease, "tile_regs_release")                                                       \
    X(AcquireDst, "acquire_dst")                                                              \
    X(ReleaseDst, "release_dst")                                                              \
    X(CopyTile, "copy_tile")                                                                  \
    X(AddTiles, "add_tiles")                                                                  \
    X(SubTiles, "sub_tiles")                                                                  \
    X(MulTiles, "mul_tiles")                                                                  \
    X(BinaryDest, "binary_dest_reuse_tiles")                                                  \
    X(MatmulTiles, "matmul_tiles")                                                            \
    X(MatmulBlock, "matmul_block")                                                            \
    X(ReduceTile, "reduce_tile")                                                              \
    X(TransposeTile, "transpose_wh_tile")                                                     \
    X(TransposeDest, "transpose_wh_dest")                                                     \
    X(BcastTiles, "bcast_tiles")                                                              \
    X(UnaryBcast, "unary_bcast")                                                              \
    X(SfpuReduce, "sfpu_reduce")                                                              \
    X(PackTile, "pack_tile")                                                                  \
    X(TilizeBlock, "tilize_block")                                                            \
    X(FastTilizeBlock, "fast_tilize_block")                                                   \
    X(UntilizeBlock, "untilize_block")                                                        \
    X(PackUntilize, "pack_untilize")                                                          \
    X(HwStartup, "compute_kernel_hw_startup")                                                 \
    X(OpInit, "init")                                                                         \
    X(Reconfig, "reconfig_data_format")                                                       \
    X(SfpuOp, "sfpu")  /* followed by one name per abi::SfpuOp, see sfpu_name() */

enum Name : uint8_t {
#define TTEMU_X(id, s) k##id,
    TTEMU_TIMING_NAMES(TTEMU_X)
#undef TTEMU_X
};

// The name of an API call; SFPU ops are kSfpuOp + their abi::SfpuOp value.
const char* name_of(uint8_t name);

}  // namespace ttemu::timing
