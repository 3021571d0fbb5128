// Reserves and pushes N single pages into c_0.
#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const uint32_t n = get_arg_val<uint32_t>(0);
    constexpr uint32_t cb = tt::CBIndex::c_0;
    for (uint32_t i = 0; i < n; ++i) {
        cb_reserve_back(cb, 1);
        cb_push_back(cb, 1);
    }
}
