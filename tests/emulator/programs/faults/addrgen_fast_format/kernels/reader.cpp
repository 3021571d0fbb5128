// The eltwise_binary reader with one deliberate fault: an InterleavedAddrGenFast whose data format
// (Float32, 4096-byte tiles) is not that of the bfloat16 buffer (2048-byte pages); its page stride
// comes from the format, so on hardware it would read the wrong addresses.
// The test locates the faulty call by its "FAULT" marker comment.
#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    uint32_t a_addr = get_arg_val<uint32_t>(0);
    uint32_t b_addr = get_arg_val<uint32_t>(1);
    uint32_t n_tiles = get_arg_val<uint32_t>(2);

    constexpr uint32_t cb_a = tt::CBIndex::c_0;
    constexpr uint32_t cb_b = tt::CBIndex::c_1;
    const uint32_t tile_bytes = get_tile_size(cb_a);

    constexpr auto a_args = TensorAccessorArgs<0>();
    const InterleavedAddrGenFast<true> a = {
        .bank_base_address = a_addr, .page_size = tile_bytes, .data_format = DataFormat::Float32};
    constexpr auto b_args = TensorAccessorArgs<a_args.next_compile_time_args_offset()>();
    const auto b = TensorAccessor(b_args, b_addr, tile_bytes);

    for (uint32_t i = 0; i < n_tiles; i++) {
        cb_reserve_back(cb_a, 1);
        cb_reserve_back(cb_b, 1);
        noc_async_read_tile(i, a, get_write_ptr(cb_a));  // FAULT
        noc_async_read_page(i, b, get_write_ptr(cb_b));
        noc_async_read_barrier();
        cb_push_back(cb_a, 1);
        cb_push_back(cb_b, 1);
    }
}
