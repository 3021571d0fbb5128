"""Row softmax, layernorm and rmsnorm over rows of any width (whole rows in one block).

A row's block is x[i:i + 1, 0:Nt] with Nt = x.tile_shape[1]: the width is compiled in (a
block's size is a compile-time value), so each width compiles once; the number of rows stays
a runtime value."""

import ttlang as tt


@tt.kernel
def softmax(x, out):
    """out = softmax(x, axis=1)."""
    Mt, Nt = x.tile_shape
    for i in tt.program_range(Mt):
        row = x[i:i + 1, 0:Nt]
        m = tt.max(row, axis=1, keepdims=True)
        e = tt.exp(row - m)
        s = tt.sum(e, axis=1, keepdims=True)
        out[i:i + 1, 0:Nt] = e / s


@tt.kernel
def layernorm(x, gamma, beta, out, eps):
    """out = (x - mean) / sqrt(var + eps) * gamma + beta along each row (gamma, beta: (1, C))."""
    Mt, Nt = x.tile_shape
    n = x.shape[1]
    for i in tt.program_range(Mt):
        row = x[i:i + 1, 0:Nt]
        mean = tt.sum(row, axis=1, keepdims=True) / n
        d = row - mean
        var = tt.sum(d * d, axis=1, keepdims=True) / n
        out[i:i + 1, 0:Nt] = d * tt.rsqrt(var + eps) * gamma[0:1, 0:Nt] + beta[0:1, 0:Nt]


@tt.kernel
def rmsnorm(x, weight, out, eps):
    """out = x / sqrt(mean(x^2) + eps) * weight (weight: (1, C))."""
    Mt, Nt = x.tile_shape
    n = x.shape[1]
    for i in tt.program_range(Mt):
        row = x[i:i + 1, 0:Nt]
        ms = tt.sum(row * row, axis=1, keepdims=True) / n
        out[i:i + 1, 0:Nt] = row * tt.rsqrt(ms + eps) * weight[0:1, 0:Nt]
