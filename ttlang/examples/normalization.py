"""Row softmax, layernorm and rmsnorm over rows of any width (whole rows in one block)."""

import ttlang as tt


@tt.kernel
def softmax(x, out, W: tt.constexpr):
    """out = softmax(x, axis=1) for x with W tiles per row."""
    for i in tt.program_range(x.tile_shape[0]):
        row = x[i:i + 1, 0:W]
        m = tt.max(row, axis=1, keepdims=True)
        e = tt.exp(row - m)
        s = tt.sum(e, axis=1, keepdims=True)
        out[i:i + 1, 0:W] = e / s


@tt.kernel
def layernorm(x, gamma, beta, out, W: tt.constexpr, eps):
    """out = (x - mean) / sqrt(var + eps) * gamma + beta along each row (gamma, beta: (1, C))."""
    n = x.shape[1]
    for i in tt.program_range(x.tile_shape[0]):
        row = x[i:i + 1, 0:W]
        mean = tt.sum(row, axis=1, keepdims=True) / n
        d = row - mean
        var = tt.sum(d * d, axis=1, keepdims=True) / n
        out[i:i + 1, 0:W] = d * tt.rsqrt(var + eps) * gamma[0:1, 0:W] + beta[0:1, 0:W]


@tt.kernel
def rmsnorm(x, weight, out, W: tt.constexpr, eps):
    """out = x / sqrt(mean(x^2) + eps) * weight (weight: (1, C))."""
    n = x.shape[1]
    for i in tt.program_range(x.tile_shape[0]):
        row = x[i:i + 1, 0:W]
        ms = tt.sum(row * row, axis=1, keepdims=True) / n
        out[i:i + 1, 0:W] = row * tt.rsqrt(ms + eps) * weight[0:1, 0:W]
