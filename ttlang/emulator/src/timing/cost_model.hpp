// The shape of a cost table (the tables themselves, one per architecture, are in costs.cpp) and
// the cost of each kernel API call derived from it.
#pragma once

#include <cstdint>

namespace ttemu::timing {

// Formats the unpacker and packer move at different rates.
enum FormatClass : uint8_t { kFp32 = 0, kFp16 = 1, kBfp8 = 2, kBfp4 = 3, kFormatClasses };
FormatClass format_class(uint8_t data_format);

constexpr int kSfpuOps = 67;  // abi::SfpuOp values

struct Costs {
    const char* arch;
    double clock_ghz;

    // Math (TRISC1, the FPU), cycles per 32x32 tile.
    uint32_t matmul_per_phase;       // a 32x32x32 tile product, per fidelity phase
    uint32_t eltwise_add;            // add / sub
    uint32_t eltwise_mul_per_phase;  // mul, per fidelity phase
    uint32_t datacopy;               // copy_tile, unary broadcast (A2D)
    uint32_t reduce_per_phase;       // reduce_tile sum / average, per fidelity phase
    uint32_t reduce_max;             // reduce_tile max (no fidelity phases)
    uint32_t transpose;              // transpose_wh_tile (A2D with the unpacker transposing)
    uint32_t math_call;              // issuing one LLK math call (the MOP)
    // SFPU (on the math pipeline), cycles per tile: [op][0 exact, 1 approximate].
    uint32_t sfpu[kSfpuOps][2];
    uint32_t sfpu_reduce;  // sfpu_reduce, per tile

    // Unpack (TRISC0) and pack (TRISC2): cycles per tile by format class, and per call. The two
    // unpackers (SrcA, SrcB) work at once, sharing L1 read bandwidth (bytes per cycle).
    uint32_t unpack_tile[kFormatClasses];
    uint32_t pack_tile[kFormatClasses];
    uint32_t unpack_call, pack_call;
    // Tilize / untilize, cycles per tile by format class (0 where the LLK has no such path):
    // the unpacker reading row-major rows into faces (tilize_block), the unpacker reading tiles
    // row by row (untilize_block), the packer writing DST as row-major rows (pack_untilize).
    uint32_t unpack_tilize[kFormatClasses];
    uint32_t unpack_untilize[kFormatClasses];
    uint32_t pack_untilize[kFormatClasses];
    uint32_t unpack_l1_bytes_per_cycle;

    // Reconfiguration, cycles on unpack, math, pack.
    uint32_t hw_startup[3];
    uint32_t op_init[3];
    uint32_t reconfig[3];

    // Data movement RISCs (BRISC, NCRISC), cycles per call.
    uint32_t cb_call;       // cb_reserve_back / push_back / wait_front / pop_front (when not waiting)
    uint32_t noc_read_issue;   // programming a NoC command buffer for one read
    uint32_t noc_write_issue;  // ... for one write (unicast or multicast)
    uint32_t barrier_call;  // a barrier with nothing outstanding
    uint32_t sem_call;      // a semaphore call
    uint32_t addr_gen;      // an interleaved page address (TensorAccessor / InterleavedAddrGen)
    uint32_t arg_read;      // get_arg_val
    uint32_t poll;          // one turn of a polling loop

    // NoC.
    uint32_t link_bytes_per_cycle;  // per link and direction
    uint32_t hop_cycles;            // router latency per hop
    uint32_t niu_cycles;            // NoC interface latency, each end
    uint32_t max_burst;             // bytes per packet
    uint32_t max_reads;             // outstanding read transactions per NoC interface
    uint32_t max_writes;            // outstanding write transactions per NoC interface

    // DRAM, per bank.
    double dram_bytes_per_cycle;
    uint32_t dram_latency;  // cycles from a request reaching the bank to its data leaving it

    // Program dispatch: from EnqueueMeshWorkload to the kernels' start.
    uint32_t launch_cycles;

    // Physical NoC grid and where the logical cores and DRAM banks sit on it.
    uint8_t noc_x, noc_y;
    uint8_t worker_col[16];  // physical x of logical column i
    uint8_t worker_row[16];  // physical y of logical row i
    uint8_t dram_banks;
    uint8_t dram_node[16][2][2];  // physical (x, y) of DRAM bank b's endpoint for NoC 0 and NoC 1
};

const Costs& wormhole_b0_costs();
const Costs& blackhole_costs();
const Costs& costs_for(const char* arch_name);

// Bytes of a tile's datums, without the block floats' exponents (those come through another L1
// port: costs.cpp, unpack_tile): what the two unpackers' shared datum ports carry.
inline uint32_t datum_bytes_of(FormatClass f) {
    static constexpr uint32_t bytes[kFormatClasses] = {4096, 2048, 1024, 512};
    return bytes[f];
}

// Fidelity phases of a math fidelity (0 LoFi, 2 HiFi2, 3 HiFi3, 4 HiFi4): 1, 2, 3, 4.
inline uint32_t phases(uint8_t fidelity) { return fidelity <= 1 ? 1u : fidelity; }

}  // namespace ttemu::timing
