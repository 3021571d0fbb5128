"""Elementwise kernels: a fused multiply-add and a long chain of tile math, one unit per tile."""

import ttlang as tt


@tt.kernel
def fma(a, b, c, out):
    """out = a * b + c."""
    for t in tt.program_range(out.num_tiles):
        out[t] = a[t] * b[t] + c[t]


@tt.kernel
def chain(x, out):
    """out = a chain of eight ops on each tile, the intermediate values kept in DST."""
    for t in tt.program_range(out.num_tiles):
        v = x[t]
        out[t] = tt.relu(tt.exp(v * 0.5) - 1.0) * tt.sigmoid(v) + tt.tanh(v) * 0.25
