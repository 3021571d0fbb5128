// Remote (global) circular buffers of v0.81.1 (api/remote_circular_buffer.h) are not emulated:
// this header exists so that kernels which include it but use them only under a define
// (ENABLE_GLOBAL_CB in the matmul readers) compile; a kernel that calls one fails to compile at
// the call.
#pragma once
