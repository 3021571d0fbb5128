// The common reader, after checking the kernel helpers of api/numeric and the CB tile-shape
// tables (ASSERT faults, naming the condition, if one is wrong): then it passes tile i of A
// through fp32_to_bf16(bf16_to_fp32(.)) word by word, which must leave every value as it was.
#include <cstdint>
#include "api/dataflow/dataflow_api.h"
#include "api/debug/assert.h"
#include "api/numeric/bfloat16.h"
#include "api/numeric/float32.h"
#include "api/numeric/int32.h"

void kernel_main() {
    const uint32_t a_addr = get_arg_val<uint32_t>(0);
    const uint32_t a_tiles = get_arg_val<uint32_t>(1);
    constexpr uint32_t cb_a = tt::CBIndex::c_0;
    static_assert(unpack_tile_r_dim[cb_a] == 32 && pack_tile_c_dim[cb_a] == 32 && unpack_tile_num_faces[cb_a] == 4);
    ASSERT(unpack_tile_size[cb_a] == get_tile_size(cb_a));
    ASSERT(unpack_src_format[cb_a] == int32_t(DataFormat::Float16_b));
    // Round to nearest even: 1 + 2^-8 is a tie (to 1), 1 + 3 * 2^-8 rounds up (to 1 + 2^-6).
    ASSERT(fp32_to_bf16(1.00390625f) == 0x3F80 && fp32_to_bf16(1.01171875f) == 0x3F82);
    ASSERT(fp32_to_bf16_truncate(1.01171875f) == 0x3F81 && bf16_to_fp32(0xC000) == -2.0f);
    ASSERT(FloatBits(1.5f).high16 == 0x3FC0 && FloatBits(1.5f).low16 == 0);
    ASSERT(bfloat16_greater(0x0000, 0x8000) && !bfloat16_greater(0xC000, 0xBF80) && bfloat16_greater(0x4000, 0x3F80));
    ASSERT(!float32_greater(0x00000000, 0x80000000) && !float32_greater(0x7FC00000, 0));
    ASSERT(float32_greater(0xBF800000, 0xC0000000) && !float32_greater(NEG_INF_FLOAT32, 0xC0000000));
    ASSERT(int32_greater(-1, NEG_INF_INT32) && !int32_greater(-2, 1));
    constexpr auto a_args = TensorAccessorArgs<0>();
    const auto a = TensorAccessor(a_args, a_addr, get_tile_size(cb_a));
    for (uint32_t i = 0; i < a_tiles; ++i) {
        cb_reserve_back(cb_a, 1);
        noc_async_read_page(i, a, get_write_ptr(cb_a));
        noc_async_read_barrier();
        volatile uint16_t* v = reinterpret_cast<volatile uint16_t*>(uintptr_t(get_write_ptr(cb_a)));
        for (uint32_t k = 0; k < 1024; ++k) v[k] = fp32_to_bf16(bf16_to_fp32(v[k]));
        cb_push_back(cb_a, 1);
    }
}
