// The headers every generated host program includes. The backend precompiles them once, next to
// the runtime library (ttlang_host.hpp.gch), and host programs are built with
// `-include ttlang_host.hpp`: parsing the TT-Metalium host API is most of a host program's
// compile time, which is most of a new kernel's.
#pragma once

#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

#include "ttlang_runtime.hpp"
