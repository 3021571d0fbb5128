// Takes `n` pages off c_16, one at a time.
#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const uint32_t n = get_arg_val<uint32_t>(0);
    for (uint32_t i = 0; i < n; i++) {
        cb_wait_front(tt::CBIndex::c_16, 1);
        cb_pop_front(tt::CBIndex::c_16, 1);
    }
}
