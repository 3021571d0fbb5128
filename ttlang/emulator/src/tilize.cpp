// Tilize and untilize (api/compute/tilize.h, untilize.h, pack_untilize.h): conversions between
// row-major data in a CB and tiles of four 16x16 faces. What the Wormhole LLK does
// (tt-llk tt_llk_wormhole_b0/llk_lib, the ttnn 0.81.1 wheel's llk_api/):
//
// tilize_block (llk_unpack_tilize_api.h llk_unpack_tilize_block, _llk_unpack_tilize_): the
//   unpacker, in tileize mode, reads tile t of the block as 32 rows of 32 datums at datum column
//   t * 32 of rows block * 32 datums long, from the CB's read pointer on (input_tile_index i is
//   tile column i % block of tile row i / block). It lands in SrcA (TF32 for Float32 data) or, for
//   32-bit data with UnpackToDestFp32, straight in DST; a datacopy moves it to DST tile 0 and the
//   packer writes it to tile output_tile_index + t of the output CB: one DST section per tile.
// untilize_block (llk_unpack_untilize.h): the unpacker reads the full_ct_dim tiles at the front of
//   the CB row by row (faces 0-1 rows 0..15, then faces 2-3), each row of every tile in turn, so
//   SrcA receives the 32 row-major rows of full_ct_dim * 32 datums; every 1024 of them make a DST
//   tile, which the packer writes in order. No unpack-to-DST path: Float32 data is TF32.
// pack_untilize (llk_pack_untilize_api.h llk_pack_untilize, _llk_pack_untilize_): the packer
//   writes DST tiles as row-major rows from the CB's write pointer on, rows full_ct_dim * 32 datums
//   long; DST tile tile_dst_ct_offset + tile_dst_rt_offset + r * block_ct_dim + c goes to column
//   (block_c_index * block_ct_dim + c) * 32 of the 32 rows that start r * full_ct_dim pages in.
//   The write pointer does not move (pack_tile's tile counter is not used).
//
// Row-major data exists for Float32 and Float16_b; other formats fault. The rows must lie in
// the pages waited for (read) or reserved (write) and must not wrap past the end of the CB (the
// hardware reads and writes L1 linearly from the pointer). Not modelled for the row-major packs:
// the packer's ReLU, L1 accumulation and reduce edge masks.
#include <cstring>

#include "compute.hpp"
#include "scheduler.hpp"
#include "timing/record.hpp"
#include "ttemu/kernel_abi.h"

namespace ttemu {
namespace {

using namespace detail;

// Bytes of a row-major datum of the CB's format.
uint32_t row_datum_bytes(const CircularBuffer& c, uint32_t cb, const char* fn) {
    if (c.format == kFloat32) return 4;
    if (c.format == kFloat16_b) return 2;
    fault(nullptr, fmt("%s: CB c_%u holds %s data, which has no row-major layout (Float32 or Float16_b)", fn, cb,
                       format_name(c.format)));
}

// The L1 bytes [ptr, ptr + bytes) of a CB's FIFO from slot `page` on: within the `pages` pages
// held there (`what`: "waited for" / "reserved") and not past the FIFO's end.
uint8_t* row_region(Thread& t, CircularBuffer& c, uint32_t cb, uint32_t page, uint32_t pages, uint64_t bytes,
                    const char* what, const char* fn) {
    if (bytes > uint64_t(pages) * c.page_size)
        fault(nullptr, fmt("%s: the row-major data spans %llu bytes of c_%u, but only %u pages (%llu bytes) were %s", fn,
                           (unsigned long long)bytes, cb, pages, (unsigned long long)pages * c.page_size, what));
    if (uint64_t(page) * c.page_size + bytes > c.size)
        fault(nullptr, fmt("%s: the row-major data (%llu bytes from page %u of c_%u) runs past the end of the CB "
                           "(%u pages); the hardware reads and writes it linearly",
                           fn, (unsigned long long)bytes, page, cb, c.num_pages));
    return t.core->l1 + c.base + page * c.page_size;
}

inline float read_datum(const uint8_t* p, uint32_t bytes) {
    if (bytes == 4) {
        float f;
        std::memcpy(&f, p, 4);
        return f;
    }
    uint16_t h;
    std::memcpy(&h, p, 2);
    return u2f(uint32_t(h) << 16);
}

inline void write_datum(uint8_t* p, uint32_t bytes, float v) {
    if (bytes == 4) {
        std::memcpy(p, &v, 4);
    } else {
        const uint16_t h = bf16_bits(v);
        std::memcpy(p, &h, 2);
    }
}

// A DST section the LLK call acquires and releases itself (llk_math_wait_for_dest_available ...
// llk_pack_dest_section_done): the kernel must not hold one; the next section in turn is used.
void internal_section(ComputeState& cs, const char* fn) {
    if (cs.math_half >= 0 || cs.pack_half >= 0)
        fault(nullptr, fmt("%s while the kernel holds DST (tile_regs_acquire / tile_regs_wait): it acquires and "
                           "releases DST sections itself",
                           fn));
    const int h = cs.next_acquire;
    if (cs.state[h] != ComputeState::Half::Free)
        fault(nullptr, fmt("%s: the DST section it needs is still held (a committed section was not packed)", fn));
    cs.next_acquire = (h + 1) % cs.halves;
}

// The value a DST write keeps (bfloat16 DST rounds to nearest even).
inline void to_dst(const ComputeState& cs, float* v) {
    if (!cs.fp32_acc)
        for (int i = 0; i < kTileHW; ++i) v[i] = bf16_round(v[i]);
}

// The timing of one internal DST section: acquire, `n` unpack+datacopy ops, the pack, release.
void record_section(Thread& t, uint8_t name, uint32_t n, uint32_t unpack, uint32_t pack) {
    if (!t.costs) return;
    const timing::Costs& k = *t.costs;
    timing::record(t, timing::Op::Acquire, name, 1, 0, 0, k.math_call);
    for (uint32_t i = 0; i < n; ++i)
        timing::record(t, timing::Op::Compute, name, 0, unpack + k.unpack_call, k.datacopy + k.math_call);
    timing::record(t, timing::Op::Pack, name, 0, n, 0, pack + k.pack_call);
    timing::record(t, timing::Op::Release, name, 0, 0, 0, k.pack_call);
}

// Packs `n` DST tiles (face layout) as row-major rows: tile c to datum column (col0 + c) * 32
// of 32 rows row_len datums long, at `base`.
void pack_rows(const float* const* tiles, uint32_t n, uint8_t* base, uint32_t row_len, uint32_t col0, uint32_t db) {
    alignas(64) float rows[kTileHW];
    for (uint32_t c = 0; c < n; ++c) {
        faces_to_rows(tiles[c], rows);
        for (uint32_t r = 0; r < 32; ++r) {
            uint8_t* p = base + (uint64_t(r) * row_len + (col0 + c) * 32) * db;
            for (uint32_t j = 0; j < 32; ++j) write_datum(p + j * db, db, rows[r * 32 + j]);
        }
    }
}

}  // namespace

namespace abi {

void tilize_init(uint32_t icb, uint32_t ocb, const char* fn) {
    // The unpacker A init of tilize, untilize and pack_untilize disables the transposes
    // (_llk_unpack_tilize_init_, _llk_unpack_untilize_init_, llk_unpack_A_init(false, false)).
    unpack_a_init(icb, false, false, fn);
    if (ocb != kNoCb) check_cb(ocb, fn);
}

void tilize_block(uint32_t icb, uint32_t block, uint32_t ocb, uint32_t input_tile_index, uint32_t output_tile_index,
                  bool fast) {
    TTEMU_ENTER();
    const char* fn = fast ? "fast_tilize_block" : "tilize_block";
    CircularBuffer& in = cb_of(t, icb, fn);
    CircularBuffer& out = cb_of(t, ocb, fn);
    const uint32_t db = row_datum_bytes(in, icb, fn);
    if (block == 0) return;
    const uint64_t row_len = uint64_t(block) * 32;
    const uint64_t tile_row = input_tile_index / block, col0 = input_tile_index % block;
    // One past the last datum read: row tile_row * 32 + 31, column (col0 + block) * 32.
    const uint64_t end = (tile_row * 32 + 31) * row_len + (col0 + block) * 32;
    const uint8_t* src = row_region(t, in, icb, in.rd_page, in.waited, end * db, "waited for (cb_wait_front)", fn);
    const bool to_dest = in.format != kFloat32 || unpacks_to_dest(cs, icb);
    alignas(64) float rows[kTileHW], d[kTileHW];
    for (uint32_t i = 0; i < block; ++i) {
        internal_section(cs, fn);
        const uint32_t index = output_tile_index + i;
        if (index >= out.reserved)
            fault(nullptr, fmt("%s writes tile %u of c_%u, but only %u pages were reserved (cb_reserve_back)", fn, index,
                               ocb, out.reserved));
        for (uint32_t r = 0; r < 32; ++r) {
            const uint8_t* p = src + ((tile_row * 32 + r) * row_len + (col0 + i) * 32) * db;
            for (uint32_t j = 0; j < 32; ++j) rows[r * 32 + j] = read_datum(p + j * db, db);
        }
        if (!to_dest) to_src(rows);
        rows_to_faces(rows, d);
        to_dst(cs, d);
        ++t.counters.tiles_unpacked;
        pack_to(t, out, t.core->l1 + out.base + ((out.wr_page + index) % out.num_pages) * out.page_size, d);
        if (t.costs)
            record_section(t, fast ? timing::kFastTilizeBlock : timing::kTilizeBlock, 1,
                           t.costs->unpack_tilize[timing::format_class(in.format)],
                           t.costs->pack_tile[timing::format_class(out.format)]);
    }
}

void untilize_block(uint32_t icb, uint32_t full_ct_dim, uint32_t ocb, uint32_t block_ct_dim) {
    TTEMU_ENTER();
    const char* fn = "untilize_block";
    CircularBuffer& in = cb_of(t, icb, fn);
    CircularBuffer& out = cb_of(t, ocb, fn);
    if (block_ct_dim == 0 || full_ct_dim % block_ct_dim)
        fault(nullptr, fmt("%s: full_ct_dim %u is not a multiple of block_ct_dim %u", fn, full_ct_dim, block_ct_dim));
    if (block_ct_dim > cs.capacity)
        fault(nullptr, fmt("%s: block_ct_dim %u is beyond the %u DST tiles of a section", fn, block_ct_dim, cs.capacity));
    // The rows the unpacker feeds SrcA: row r of the strip is row r of tiles 0 .. full_ct_dim - 1.
    std::vector<float> strip(size_t(full_ct_dim) * kTileHW);
    alignas(64) float v[kTileHW], rows[kTileHW];
    const uint32_t row_len = full_ct_dim * 32;
    for (uint32_t c = 0; c < full_ct_dim; ++c) {
        unpack(t, icb, c, v, false, fn);
        faces_to_rows(v, rows);
        for (uint32_t r = 0; r < 32; ++r) std::memcpy(&strip[size_t(r) * row_len + c * 32], rows + r * 32, 128);
    }
    for (uint32_t s = 0; s < full_ct_dim / block_ct_dim; ++s) {
        internal_section(cs, fn);
        for (uint32_t k = 0; k < block_ct_dim; ++k) {
            const uint32_t index = out.wr_tile_ptr;
            if (index >= out.reserved)
                fault(nullptr, fmt("%s writes tile %u of c_%u, but only %u pages were reserved (cb_reserve_back)", fn,
                                   index, ocb, out.reserved));
            ++out.wr_tile_ptr;
            std::memcpy(v, &strip[size_t(s * block_ct_dim + k) * kTileHW], sizeof v);
            to_dst(cs, v);
            pack_to(t, out, t.core->l1 + out.base + ((out.wr_page + index) % out.num_pages) * out.page_size, v);
        }
        if (t.costs)
            record_section(t, timing::kUntilizeBlock, block_ct_dim,
                           t.costs->unpack_untilize[timing::format_class(in.format)],
                           block_ct_dim * t.costs->pack_tile[timing::format_class(out.format)]);
    }
}

void pack_untilize_dest(uint32_t ocb, uint32_t block_rt_dim, uint32_t block_c_index, uint32_t tile_dst_rt_offset,
                        uint32_t block_ct_dim, uint32_t full_ct_dim, uint32_t tile_dst_ct_offset) {
    TTEMU_ENTER();
    const char* fn = "pack_untilize_dest";
    CircularBuffer& out = cb_of(t, ocb, fn);
    const uint32_t db = row_datum_bytes(out, ocb, fn);
    if (block_rt_dim == 0 || block_ct_dim == 0) return;
    const uint32_t row_len = full_ct_dim * 32;
    // One past the last byte written: block row block_rt_dim - 1, row 31, its last column.
    const uint64_t end = uint64_t(block_rt_dim - 1) * full_ct_dim * out.page_size +
                         (31ull * row_len + uint64_t(block_c_index + 1) * block_ct_dim * 32) * db;
    uint8_t* base = row_region(t, out, ocb, out.wr_page, out.reserved, end, "reserved (cb_reserve_back)", fn);
    std::vector<const float*> tiles(block_ct_dim);
    for (uint32_t r = 0; r < block_rt_dim; ++r) {
        for (uint32_t c = 0; c < block_ct_dim; ++c)
            tiles[c] = cs.pack_tile(tile_dst_ct_offset + tile_dst_rt_offset + r * block_ct_dim + c, fn);
        pack_rows(tiles.data(), block_ct_dim, base + uint64_t(r) * full_ct_dim * out.page_size, row_len,
                  block_c_index * block_ct_dim, db);
        t.counters.tiles_packed += block_ct_dim;
    }
    if (t.costs)
        timing::record(t, timing::Op::Pack, timing::kPackUntilize, 0, block_rt_dim * block_ct_dim, 0,
                       block_rt_dim * block_ct_dim * t.costs->pack_untilize[timing::format_class(out.format)] +
                           t.costs->pack_call);
}

void pack_untilize_block(uint32_t icb, uint32_t block_rt_dim, uint32_t ocb, uint32_t block_c_index,
                         uint32_t block_ct_dim, uint32_t full_ct_dim) {
    TTEMU_ENTER();
    const char* fn = "pack_untilize_block";
    CircularBuffer& in = cb_of(t, icb, fn);
    CircularBuffer& out = cb_of(t, ocb, fn);
    const uint32_t db = row_datum_bytes(out, ocb, fn);
    if (block_ct_dim > cs.capacity)
        fault(nullptr, fmt("%s: block_ct_dim %u is beyond the %u DST tiles of a section", fn, block_ct_dim, cs.capacity));
    if (block_rt_dim == 0 || block_ct_dim == 0) return;
    const uint32_t row_len = full_ct_dim * 32;
    const uint64_t end = (31ull * row_len + uint64_t(block_c_index + 1) * block_ct_dim * 32) * db;
    uint8_t* base = row_region(t, out, ocb, out.wr_page, out.reserved, end, "reserved (cb_reserve_back)", fn);
    std::vector<float> dst(size_t(block_ct_dim) * kTileHW);
    std::vector<const float*> tiles(block_ct_dim);
    const bool to_dest = unpacks_to_dest(cs, icb);
    // Each block row unpacks tiles 0 .. block_ct_dim - 1 of icb (llk_unpack_A(icb, c)) and packs
    // them with llk_pack_untilize(1, ocb, block_c_index): at the write pointer every time, as the
    // v0.81.1 API does (callers pass block_rt_dim = 1 and move the CBs between calls).
    for (uint32_t r = 0; r < block_rt_dim; ++r) {
        internal_section(cs, fn);
        for (uint32_t c = 0; c < block_ct_dim; ++c) {
            float* d = &dst[size_t(c) * kTileHW];
            unpack(t, icb, c, d, to_dest, fn);
            to_dst(cs, d);
            tiles[c] = d;
        }
        pack_rows(tiles.data(), block_ct_dim, base, row_len, block_c_index * block_ct_dim, db);
        t.counters.tiles_packed += block_ct_dim;
        if (t.costs)
            record_section(t, timing::kPackUntilize, block_ct_dim, t.costs->unpack_tile[timing::format_class(in.format)],
                           block_ct_dim * t.costs->pack_untilize[timing::format_class(out.format)]);
    }
}

}  // namespace abi
}  // namespace ttemu
