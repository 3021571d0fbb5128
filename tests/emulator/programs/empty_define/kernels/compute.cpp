#include "api/compute/common.h"
#include "check_defines.h"

void kernel_main() {}
