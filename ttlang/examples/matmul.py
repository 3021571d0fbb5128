"""Matrix multiplication, tile by tile and with blocks, and with a fused epilogue."""

import ttlang as tt


@tt.kernel
def matmul(a, b, c):
    """c = a @ b: each program computes its share of c's tiles, accumulating over K in DST."""
    Mt, Nt = c.tile_shape
    Kt = a.tile_shape[1]
    for t in tt.program_range(Mt * Nt):
        m = t // Nt
        n = t % Nt
        acc = tt.zeros((32, 32), tt.float32)
        for k in range(Kt):
            acc += a[m, k] @ b[k, n]
        c[m, n] = acc


@tt.kernel
def matmul_bias_relu(a, b, bias, c):
    """c = relu(a @ b + bias), bias a (1, N) row broadcast over the rows of c."""
    Mt, Nt = c.tile_shape
    Kt = a.tile_shape[1]
    for t in tt.program_range(Mt * Nt):
        m = t // Nt
        n = t % Nt
        acc = tt.zeros((32, 32), tt.float32)
        for k in range(Kt):
            acc += a[m, k] @ b[k, n]
        c[m, n] = tt.relu(acc + bias[0, n])


@tt.kernel
def matmul_blocked(a, b, c, BM: tt.constexpr, BN: tt.constexpr, BK: tt.constexpr):
    """c = a @ b in BM x BN blocks of tiles (the tile counts must divide by the block sizes)."""
    Mt, Nt = c.tile_shape
    Kt = a.tile_shape[1]
    for t in tt.program_range((Mt // BM) * (Nt // BN)):
        m = (t // (Nt // BN)) * BM
        n = (t % (Nt // BN)) * BN
        acc = tt.zeros((32 * BM, 32 * BN), tt.float32)
        for k in range(0, Kt, BK):
            acc += a[m:m + BM, k:k + BK] @ b[k:k + BK, n:n + BN]
        c[m:m + BM, n:n + BN] = acc


@tt.kernel
def matmul_grid(a, b, c, BM: tt.constexpr, BN: tt.constexpr, BK: tt.constexpr):
    """c = a @ b on a (Mt // BM, Nt // BN) grid: program (i, j) computes block (i, j) of c. Its
    reads of a depend on program_id(0) only and those of b on program_id(1) only, so each row of
    the grid shares its blocks of a and each column its blocks of b (multicast)."""
    m = tt.program_id(0) * BM
    n = tt.program_id(1) * BN
    acc = tt.zeros((32 * BM, 32 * BN), tt.float32)
    for k in range(0, a.tile_shape[1], BK):
        acc += a[m:m + BM, k:k + BK] @ b[k:k + BK, n:n + BN]
    c[m:m + BM, n:n + BN] = acc


@tt.kernel
def matmul_2d(a, b, c, BM: tt.constexpr, BN: tt.constexpr, BK: tt.constexpr, SM: tt.constexpr,
              SN: tt.constexpr):
    """matmul_grid with SM x SN blocks per program, one after the other: a (Mt // (SM * BM),
    Nt // (SN * BN)) grid. A block's results are written while the next block is computed."""
    for i in range(SM):
        for j in range(SN):
            m = (tt.program_id(0) * SM + i) * BM
            n = (tt.program_id(1) * SN + j) * BN
            acc = tt.zeros((32 * BM, 32 * BN), tt.float32)
            for k in range(0, a.tile_shape[1], BK):
                acc += a[m:m + BM, k:k + BK] @ b[k:k + BK, n:n + BN]
            c[m:m + BM, n:n + BN] = acc
