"""Column sums, row maxima and transposes."""

import ttlang as tt


@tt.kernel
def column_sums(x, out):
    """out (1, C) = sum of x down its columns."""
    Mt, Nt = x.tile_shape
    for j in tt.program_range(Nt):
        acc = tt.zeros((1, 32), tt.float32)
        for i in range(Mt):
            acc += tt.sum(x[i, j], axis=0, keepdims=True)
        out[0, j] = acc


@tt.kernel
def row_max(x, out):
    """out (R, 1) = max of each row of x."""
    Mt, Nt = x.tile_shape
    for i in tt.program_range(Mt):
        acc = tt.full((32, 1), -3.0e38)
        for j in range(Nt):
            acc = tt.maximum(acc, tt.max(x[i, j], axis=1, keepdims=True))
        out[i, 0] = acc


@tt.kernel
def transpose(x, out):
    """out = x.T, tile by tile."""
    Mt, Nt = x.tile_shape
    for t in tt.program_range(Mt * Nt):
        i = t // Nt
        j = t % Nt
        out[j, i] = tt.transpose(x[i, j])
