// Makes `a` pages of c_0 and `b` pages of c_1 available at once (their contents are whatever L1
// holds).
#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const uint32_t a = get_arg_val<uint32_t>(0), b = get_arg_val<uint32_t>(1);
    cb_reserve_back(tt::CBIndex::c_0, a);
    cb_push_back(tt::CBIndex::c_0, a);
    cb_reserve_back(tt::CBIndex::c_1, b);
    cb_push_back(tt::CBIndex::c_1, b);
}
