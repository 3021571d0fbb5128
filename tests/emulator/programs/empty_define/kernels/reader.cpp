#include "api/dataflow/dataflow_api.h"
#include "check_defines.h"

void kernel_main() {}
