// A Metal 2.0 reader: its bindings are what tt-metal's JIT writes into kernel_bindings_generated.h
// and kernel_args_generated.h for a ProgramSpec with tensors `a` (compile-time words 0-1, address
// in common runtime arg 0) and `b` (words 2-3, address in common arg 2), DFB `in` = c_0, named
// arg `tiles` as a runtime arg 1 (the host passes the tile count there) and a vararg.
#include <cstdint>
#include "api/dataflow/dataflow_api.h"
#include "api/tensor/tensor_binding_token.h"
#include "api/dataflow/dfb_binding_token.h"
#include "experimental/kernel_args.h"

namespace dfb {
constexpr DFBBindingToken<dfb::AccessPattern::UNKNOWN, dfb::AccessPattern::UNKNOWN> in{0};
}  // namespace dfb
namespace tensor {
using a_t = ::tensor_accessor::TensorBindingToken<0, 0>;
constexpr a_t a{::binding_details::LLKMetadata{}};
using b_t = ::tensor_accessor::TensorBindingToken<2, 8>;
constexpr b_t b{::binding_details::LLKMetadata{}};
}  // namespace tensor
namespace args {
constexpr experimental::RtaArg<uint32_t> addr{0};
constexpr experimental::RtaArg<uint32_t> tiles{4};
}  // namespace args
FORCE_INLINE uint32_t get_vararg(uint32_t idx) { return get_arg_val<uint32_t>(2 + idx); }

void kernel_main() {
    const uint32_t n = get_arg(args::tiles);
    const auto a = TensorAccessor(tensor::a);
    const auto b = TensorAccessor(tensor::b);
    // The accessors' addresses are the buffers' (runtime args 0 and the first vararg).
    if (a.get_bank_base_address() != get_arg(args::addr) || b.get_bank_base_address() != get_vararg(0)) {
        DPRINT("bad binding address\n");
        return;
    }
    for (uint32_t i = 0; i < n; ++i) {
        cb_reserve_back(dfb::in, 1);
        noc_async_read_page(i, a, get_write_ptr(dfb::in));
        noc_async_read_barrier();
        cb_push_back(dfb::in, 1);
    }
}
