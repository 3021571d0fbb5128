// The thread ids of the Tensix RISCs (tt-llk's ckernel_defs.h), for the mailboxes between them.
#pragma once

#include <cstdint>

namespace ckernel {

enum ThreadId { BriscThreadId = 0, UnpackThreadId = 1, MathThreadId = 2, PackThreadId = 3 };

}  // namespace ckernel
