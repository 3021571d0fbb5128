// Zeroes the padding of a tiled tensor in DRAM: the elements of its edge tiles outside the real
// rows x cols region. ttlang's kernels rely on zero padding (a sum or a matmul over a tensor
// whose shape is not a multiple of 32 reads it), so the runtime runs this after a kernel has
// stored into a device tensor, on the device, without a trip through the host.
//
// Compile-time args: the tensor's TensorAccessorArgs. Runtime args: the tensor's address, rows,
// cols, the bits per element (32 Float32, 16 Float16_b, 8 Bfp8_b, 4 Bfp4_b) and the number of
// rows x cols matrices (an N-D tensor's, one after the other). A block-float tile's 64 shared
// exponents come first and stay; its padding datums become +0 (magnitude and sign 0), so the
// padding reads as zero. A data-movement kernel on one core.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

namespace {

constexpr uint32_t kTile = 32, kFace = 16;
constexpr uint32_t cb_scratch = tt::CBIndex::c_0;  // one tile of L1 to edit the edge tiles in

constexpr uint32_t kBfpExponentBytes = 64;  // one shared exponent per 16-datum face row

// Zeroes the elements of the tile at tile coords (ti, tj) that lie outside rows x cols; the
// tile is four 16x16 faces, each row-major.
void zero_outside(uint8_t* tile, uint32_t ti, uint32_t tj, uint32_t rows, uint32_t cols, uint32_t bits) {
    for (uint32_t r = 0; r < kTile; ++r)
        for (uint32_t c = 0; c < kTile; ++c) {
            if (ti * kTile + r < rows && tj * kTile + c < cols) continue;
            const uint32_t face = (r / kFace) * 2 + c / kFace;
            const uint32_t index = face * kFace * kFace + (r % kFace) * kFace + c % kFace;
            if (bits >= 16) {
                for (uint32_t b = 0; b < bits / 8; ++b) tile[index * (bits / 8) + b] = 0;
            } else if (bits == 8) {
                tile[kBfpExponentBytes + index] = 0;
            } else {  // 4: two datums a byte, the first in the low nibble
                tile[kBfpExponentBytes + index / 2] &= (index & 1) ? 0x0f : 0xf0;
            }
        }
}

}  // namespace

void kernel_main() {
    const uint32_t addr = get_arg_val<uint32_t>(0);
    const uint32_t rows = get_arg_val<uint32_t>(1);
    const uint32_t cols = get_arg_val<uint32_t>(2);
    const uint32_t bits = get_arg_val<uint32_t>(3);
    const uint32_t matrices = get_arg_val<uint32_t>(4);
    constexpr auto args = TensorAccessorArgs<0>();
    const auto tensor = TensorAccessor(args, addr);
    const uint32_t tile_rows = (rows + kTile - 1) / kTile, tile_cols = (cols + kTile - 1) / kTile;

    cb_reserve_back(cb_scratch, 1);
    const uint32_t l1 = get_write_ptr(cb_scratch);
    uint32_t first = 0;  // the first page of the matrix being fixed
    auto fix = [&](uint32_t ti, uint32_t tj) {
        const uint32_t page = first + ti * tile_cols + tj;
        noc_async_read_page(page, tensor, l1);
        noc_async_read_barrier();
        zero_outside(reinterpret_cast<uint8_t*>(l1), ti, tj, rows, cols, bits);
        noc_async_write_page(page, tensor, l1);
        noc_async_write_barrier();
    };
    // The last tile column if cols is ragged, the last tile row if rows is (their corner once).
    const bool ragged_cols = cols % kTile != 0, ragged_rows = rows % kTile != 0;
    for (uint32_t m = 0; m < matrices; ++m, first += tile_rows * tile_cols) {
        if (ragged_cols)
            for (uint32_t ti = 0; ti < tile_rows; ++ti) fix(ti, tile_cols - 1);
        if (ragged_rows)
            for (uint32_t tj = 0; tj < tile_cols - (ragged_cols ? 1 : 0); ++tj) fix(tile_rows - 1, tj);
    }
}
