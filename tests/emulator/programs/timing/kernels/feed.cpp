// Makes `k` pages of c_0 and of c_1 available at once (their contents are whatever L1 holds).
#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const uint32_t k = get_arg_val<uint32_t>(0);
    cb_reserve_back(tt::CBIndex::c_0, k);
    cb_push_back(tt::CBIndex::c_0, k);
    cb_reserve_back(tt::CBIndex::c_1, k);
    cb_push_back(tt::CBIndex::c_1, k);
}
