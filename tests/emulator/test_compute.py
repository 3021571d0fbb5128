"""Compute primitives of the emulator (matmul, reduce, transpose, broadcast, Bfp8_b, Bfp4_b) and
the host helpers (bfloat16, tilize_utils, work_split, bfloat8, bfloat4), through hand-written TT-Metalium programs
compiled unmodified against the emulator and checked with numpy.

The host programs (built once per module, as in test_programs.py):
  programs/matmul/main.cpp      C = A @ B over split_work_to_cores (tt-metal's matmul_multi_core
                                style); its own reader/compute/writer kernels.
  programs/tile_ops/main.cpp    one core, tile streams A -> c_0, B -> c_1, c_16 -> output; the
                                compute kernel under programs/tile_ops/<op>/kernels/ selects its
                                variant by runtime args (one JIT compile per kernel).
  programs/host_utils/main.cpp  prints what the host helpers compute.

Each result is compared two ways: bit for bit with the numpy model of the hardware semantics in
numerics.py, and with plain numpy arithmetic within the documented error bound (so that a model
shared by the emulator and the test cannot hide a wrong answer).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from tests.emulator import numerics as nx
from tests.emulator.numerics import F32, bf16, tilize, untilize

PROGRAMS = Path(__file__).resolve().parent / "programs"
TILE_OPS = PROGRAMS / "tile_ops"
TIMEOUT = 120

HOSTS = {
    "matmul": PROGRAMS / "matmul" / "main.cpp",
    "tile_ops": TILE_OPS / "main.cpp",
    "host_utils": PROGRAMS / "host_utils" / "main.cpp",
}


# ------------------------------------------------------------------------------------------
# Building and running


def _emulator_flags(option: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "ttlang.emulator", option],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, f"python -m ttlang.emulator {option} failed:\n{proc.stderr}"
    return proc.stdout.split()


class Hosts:
    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self._built: dict[str, Path] = {}
        self._lock = threading.Lock()
        self._flags: tuple[list[str], list[str]] | None = None

    def __call__(self, name: str) -> Path:
        with self._lock:
            if name not in self._built:
                if self._flags is None:
                    self._flags = (_emulator_flags("--cflags"), _emulator_flags("--libs"))
                cflags, libs = self._flags
                exe = self.out_dir / name
                cmd = ["g++", "-std=c++20", *cflags, str(HOSTS[name]), *libs, "-o", str(exe)]
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
                assert proc.returncode == 0, f"building {HOSTS[name]} failed:\n{proc.stderr}"
                self._built[name] = exe
            return self._built[name]


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("compute")


@pytest.fixture(scope="module")
def run(tmp_path_factory, work):
    hosts = Hosts(tmp_path_factory.mktemp("hosts"))
    env = dict(os.environ)
    env["TTEMU_CACHE_DIR"] = str(tmp_path_factory.mktemp("kernel_cache"))
    env["TTEMU_ARCH"] = "wormhole_b0"
    env.pop("TT_METAL_ARCH_NAME", None)

    def _run(host: str, *args, extra_env=None) -> str:
        cmd = [str(hosts(host)), *map(str, args)]
        proc = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env={**env, **(extra_env or {})},
            cwd=work,
            check=False,
        )
        assert proc.returncode == 0, (
            f"{' '.join(cmd)}\nexit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
        )
        return proc.stdout

    return _run


def bf16_matrix(rng, shape, scale=1.0) -> np.ndarray:
    return bf16(rng.standard_normal(shape).astype(F32) * F32(scale))


def write(path: Path, a: np.ndarray) -> Path:
    np.ascontiguousarray(a).tofile(path)
    return path


def tiles_bytes(tiles: np.ndarray, fmt: str) -> bytes:
    """Tiles (n, 1024) as the bytes of a DRAM buffer of format `fmt`."""
    if fmt == "Float32":
        return np.asarray(tiles, F32).tobytes()
    if fmt == "Float16_b":
        return np.asarray(tiles, F32).astype(nx.BF16).tobytes()
    raise ValueError(fmt)


def read_tiles(path: Path, fmt: str) -> np.ndarray:
    raw = path.read_bytes()
    if fmt == "Float32":
        return np.frombuffer(raw, F32).reshape(-1, 1024)
    if fmt == "Float16_b":
        return np.frombuffer(raw, nx.BF16).astype(F32).reshape(-1, 1024)
    raise ValueError(fmt)


class TileOps:
    """Runs programs/tile_ops with the kernels of one op directory."""

    def __init__(self, run, work: Path):
        self.run, self.work = run, work
        self.n = 0

    def __call__(self, op: str, a=None, b=None, out_fmt="Float16_b", out_tiles=None, args=(), **opts):
        """a / b: (tiles, format) or (raw bytes, format); returns the output tiles (or bytes)."""
        self.n += 1
        argv = [TILE_OPS / op]
        for name, stream in (("a", a), ("b", b)):
            if stream is None:
                continue
            data, fmt = stream
            path = self.work / f"{op}{self.n}_{name}.bin"
            path.write_bytes(data if isinstance(data, bytes) else tiles_bytes(data, fmt))
            argv.append(f"{name}={path}:{fmt}")
        out = self.work / f"{op}{self.n}_out.bin"
        argv.append(f"out={out}:{out_fmt}:{out_tiles}")
        if args:
            argv.append("args=" + ",".join(map(str, args)))
        argv += [f"{k}={v}" for k, v in opts.items()]
        self.run("tile_ops", *argv)
        if out_fmt in ("Float32", "Float16_b"):
            return read_tiles(out, out_fmt)
        if out_fmt == "Bfp8_b/host":
            return out.read_bytes(), Path(str(out) + ".raw").read_bytes()
        return out.read_bytes()


@pytest.fixture(scope="module")
def tile_ops(run, work) -> TileOps:
    return TileOps(run, work)


# ------------------------------------------------------------------------------------------
# Matmul


def run_matmul(run, work, a, b, *, transpose=False, tag="", extra_env=None, **opts):
    m, k = a.shape
    n = b.shape[0] if transpose else b.shape[1]
    pa, pb, pc = (work / f"mm{tag}_{x}.f32" for x in "abc")
    write(pa, a)
    write(pb, b)
    out = run(
        "matmul",
        PROGRAMS / "matmul",
        m,
        k,
        n,
        pa,
        pb,
        pc,
        f"transpose={int(transpose)}",
        *(f"{key}={v}" for key, v in opts.items()),
        extra_env=extra_env,
    )
    return np.fromfile(pc, F32).reshape(m, n), out


def abs_bound(a, b):
    """sum_k |a_ik| |b_kj|: the scale of the rounding errors of C = a @ b."""
    return np.abs(a.astype(np.float64)) @ np.abs(b.astype(np.float64))


@pytest.mark.parametrize(
    "fidelity, fp32, out",
    [
        ("HiFi4", True, "Float32"),
        ("HiFi4", False, "Float16_b"),
        ("HiFi2", True, "Float32"),
        ("HiFi3", True, "Float32"),
        ("LoFi", True, "Float32"),
        ("LoFi", False, "Float16_b"),
    ],
)
def test_matmul_single_core(run, work, fidelity, fp32, out):
    rng = np.random.default_rng(1)
    a, b = bf16_matrix(rng, (64, 96)), bf16_matrix(rng, (96, 64))
    c, _ = run_matmul(
        run, work, a, b, tag=f"{fidelity}{fp32}", fidelity=fidelity, fp32_dest_acc_en=int(fp32), out=out
    )
    fid = nx.FIDELITY[fidelity]
    model = nx.matmul(a, b, fid, fp32)
    if out == "Float16_b":
        model = bf16(model)
    np.testing.assert_array_equal(c, model)

    exact = a.astype(np.float64) @ b.astype(np.float64)
    scale = abs_bound(a, b)
    # Summation: 96 fp32 additions, or with a bfloat16 DST one bfloat16 rounding per 16-deep
    # partial sum (6) plus the packer's, each relative to at most sum_k |a||b|.
    rel_sum = 96 * 2.0**-24 if fp32 else 7 * 2.0**-9
    if fid == nx.HIFI4:
        # bf16 x bf16 products are exact.
        assert np.all(np.abs(c - exact) <= rel_sum * scale + 1e-30)
    else:
        # Lower fidelity drops multiplier bits. in0 (SrcB) keeps the implicit one and 6 bits up
        # to HiFi2 (a bf16 value loses 1 bit: < 2^-7 relative), in1 (SrcA) the implicit one and
        # 4 bits at LoFi (< 2^-4); HiFi3 misses only the product of the two low parts (< 2^-11).
        rel_bits = {nx.LOFI: 2.0**-7 + 2.0**-4 + 2.0**-11, nx.HIFI2: 2.0**-7, nx.HIFI3: 2.0**-11}[fid]
        assert np.all(np.abs(c - exact) <= (rel_bits + rel_sum) * scale + 1e-30)
        if fid == nx.LOFI:
            hifi4 = nx.matmul(a, b, nx.HIFI4, fp32)
            assert np.mean(c != (hifi4 if fp32 else bf16(hifi4))) > 0.5, "LoFi should differ from HiFi4"
            # LoFi truncates magnitudes: |A_lofi| <= |A| elementwise.
            err = np.abs(c - exact) / scale
            assert err.max() > 2.0**-10, "LoFi error suspiciously small"


@pytest.mark.parametrize("isa", ["avx2", "generic"])
@pytest.mark.parametrize(
    "fidelity, fp32", [("HiFi4", True), ("HiFi4", False), ("HiFi3", True), ("LoFi", False)]
)
def test_matmul_kernel_sets_agree(run, work, isa, fidelity, fp32):
    """The matmul loops are compiled per instruction set (AVX-512, AVX2, baseline); TTEMU_ISA
    picks a lesser one (where the CPU has none of them, the baseline runs either way). Every set
    gives the model's bits."""
    rng = np.random.default_rng(4)
    a, b = bf16_matrix(rng, (64, 64)), bf16_matrix(rng, (64, 96))
    out = "Float32" if fp32 else "Float16_b"
    c, _ = run_matmul(
        run,
        work,
        a,
        b,
        tag=f"{isa}{fidelity}{fp32}",
        extra_env={"TTEMU_ISA": isa},
        fidelity=fidelity,
        fp32_dest_acc_en=int(fp32),
        out=out,
    )
    model = nx.matmul(a, b, nx.FIDELITY[fidelity], fp32)
    np.testing.assert_array_equal(c, model if fp32 else bf16(model))


def test_matmul_transposed_b(run, work):
    """matmul_init(in0, in1, transpose=1): every in1 tile is transposed: C = A @ B^T."""
    rng = np.random.default_rng(2)
    a, bt = bf16_matrix(rng, (64, 64)), bf16_matrix(rng, (96, 64))
    c, _ = run_matmul(run, work, a, bt, transpose=True, tag="T", fp32_dest_acc_en=1, out="Float32")
    np.testing.assert_array_equal(c, nx.matmul(a, bt.T.copy(), nx.HIFI4, True))


HOST_SPLIT = re.compile(r"^host: core \((\d+),(\d+)\) start=(\d+) count=(\d+)$", re.MULTILINE)


@pytest.mark.parametrize(
    "grid, expected",
    [
        # 20 output tiles on 3x2 cores: 2 cores with 4 tiles (the first in column-wise fill
        # order), then 4 cores with 3, walked range by range, each range row by row.
        ("3x2", [(0, 0, 0, 4), (0, 1, 4, 4), (1, 0, 8, 3), (2, 0, 11, 3), (1, 1, 14, 3), (2, 1, 17, 3)]),
        # 20 tiles on the 8x8 grid: 20 cores with one tile each, columns 0-1 then half of 2.
        ("8x8", None),
    ],
)
def test_matmul_multicore_split_work(run, work, grid, expected):
    rng = np.random.default_rng(3)
    a, b = bf16_matrix(rng, (128, 96)), bf16_matrix(rng, (96, 160))
    c, out = run_matmul(run, work, a, b, tag=grid, grid=grid, fp32_dest_acc_en=1, out="Float32")
    np.testing.assert_array_equal(c, nx.matmul(a, b, nx.HIFI4, True))
    split = [tuple(map(int, m)) for m in HOST_SPLIT.findall(out)]
    if expected is None:
        # Ranges (0,0)-(1,7) and (2,0)-(2,3); iteration over a range is row by row.
        cores = [(x, y) for y in range(8) for x in range(2)] + [(2, y) for y in range(4)]
        expected = [(x, y, i, 1) for i, (x, y) in enumerate(cores)]
    assert split == expected, out


def test_matmul_block(tile_ops):
    """matmul_block: per k step, DST[r * ct + c] += A(r, k) @ B(k, c), 2x2 output tiles, kt = 3."""
    rng = np.random.default_rng(4)
    rt, ct, kt = 2, 2, 3
    a, b = bf16_matrix(rng, (32 * rt, 32 * kt)), bf16_matrix(rng, (32 * kt, 32 * ct))
    out = tile_ops(
        "matmul_block",
        a=(tilize(a), "Float16_b"),
        b=(tilize(b), "Float16_b"),
        out_fmt="Float32",
        out_tiles=rt * ct,
        args=(rt, ct, kt),
        fp32_dest_acc_en=1,
    )
    np.testing.assert_array_equal(untilize(out, 32 * rt, 32 * ct), nx.matmul(a, b, nx.HIFI4, True))


def test_matmul_block_transposed(tile_ops):
    rng = np.random.default_rng(5)
    rt, ct, kt = 1, 3, 2
    a, b = bf16_matrix(rng, (32 * rt, 32 * kt)), bf16_matrix(rng, (32 * kt, 32 * ct))
    # c_1 tile k * ct + c holds B(k, c) transposed.
    bt_tiles = np.stack(
        [b[32 * k : 32 * k + 32, 32 * c : 32 * c + 32].T for k in range(kt) for c in range(ct)]
    )
    out = tile_ops(
        "matmul_block",
        a=(tilize(a), "Float16_b"),
        b=(np.concatenate([tilize(t) for t in bt_tiles]), "Float16_b"),
        out_fmt="Float32",
        out_tiles=rt * ct,
        args=(rt, ct, kt),
        fp32_dest_acc_en=1,
        defines="TRANSPOSE=1",
    )
    np.testing.assert_array_equal(untilize(out, 32 * rt, 32 * ct), nx.matmul(a, b, nx.HIFI4, True))


# ------------------------------------------------------------------------------------------
# Reduce

POOL = {"SUM": 0, "AVG": 1, "MAX": 2}
DIM = {"ROW": 0, "COL": 1, "SCALAR": 2}


def scaler_tile(rng, kind: str) -> np.ndarray:
    """A scaler tile: 'ones' (every datum 1.0), or 'varied': row 0 of each face holds distinct
    values (powers of two and others, exact in bf16), the other rows noise the reduce must not
    use for its results."""
    if kind == "ones":
        return np.ones(1024, F32)
    s = bf16(rng.standard_normal(1024).astype(F32) * 8).reshape(4, 16, 16)
    choices = np.array([1.0, 0.5, 2.0, 0.25, 1.5, 3.0, 0.75, 4.0], F32)
    s[:, 0, :] = rng.choice(choices, size=(4, 16))
    return s.reshape(1024)


def reduce_reference(mats: list[np.ndarray], s_tile: np.ndarray, pool: str, dim: str):
    """Plain numpy: the result datums of the reduction of the 32x32 matrices `mats` (accumulated),
    with the scaler elements the hardware uses (see compute_ops.cpp)."""
    s = untilize(s_tile, 32, 32).astype(np.float64)
    r, c = np.meshgrid(np.arange(32), np.arange(32), indexing="ij")
    # COL and SCALAR, and MAX ROW: data face f is weighted by row 0 of scaler face f, element
    # i weighting data row i (columns for MAX ROW); SUM ROW: tile row 0, element c for column c.
    w_col = s[16 * (r // 16), 16 * (c // 16) + r % 16]
    w_row_sum = np.broadcast_to(s[0, :], (32, 32))
    w_row_max = s[16 * (r // 16), c]
    out = np.zeros((32, 32))
    if pool == "MAX":

        def scale(w):
            e = np.floor(np.log2(np.abs(np.where(w == 0, 1, w))))
            return np.where(w == 0, np.nan, 2.0**e)

        vals = [m.astype(np.float64) * scale(w_row_max if dim == "ROW" else w_col) for m in mats]
        v = np.stack(vals)
        v = np.where(np.isnan(v), -np.inf, v)
        if dim == "ROW":
            out[:, 0] = v.max(axis=(0, 2))
        elif dim == "COL":
            out[0, :] = v.max(axis=(0, 1))
        else:
            colmax = v.max(axis=(0, 1))  # per tile column
            partial = np.maximum(colmax[:16], colmax[16:])
            w = s[16, 16:32]
            out[0, 0] = (partial * scale(w)).max()
        return out
    if dim == "ROW":
        out[:, 0] = sum((m * w_row_sum).sum(axis=1) for m in mats)
    elif dim == "COL":
        out[0, :] = sum((m * w_col).sum(axis=0) for m in mats)
    else:
        colsum = sum((m * w_col).sum(axis=0) for m in mats)
        out[0, 0] = (s[16, 16:32] * (colsum[:16] + colsum[16:])).sum()
    return out


def reduce_model(data_tiles, s_tile, pool, dim, per_out, fid, fp32, raw):
    outs = []
    for o in range(len(data_tiles) // per_out):
        dst = nx.ReduceDst(fp32)
        for w in range(per_out):
            nx.reduce_tile(dst, data_tiles[o * per_out + w], s_tile, pool, dim, fid)
        t = dst.d.reshape(1024).copy()
        outs.append(bf16(t if raw else nx.reduce_pack_mask(t, dim)))
    return np.stack(outs)


@pytest.mark.parametrize("pool", ["SUM", "AVG", "MAX"])
@pytest.mark.parametrize("dim", ["ROW", "COL", "SCALAR"])
@pytest.mark.parametrize("scaler", ["ones", "varied"])
def test_reduce(tile_ops, pool, dim, scaler):
    rng = np.random.default_rng(10 + POOL[pool] * 3 + DIM[dim])
    per_out, outputs = 3, 2
    mats = [bf16_matrix(rng, (32, 32), 4.0) for _ in range(per_out * outputs)]
    if pool == "MAX":
        mats = [m - 10 for m in mats]  # all negative: a fresh DST must not act as zero
        mats = [bf16(m) for m in mats]
    s_tile = scaler_tile(rng, scaler)
    if pool == "AVG" and scaler == "ones":
        s_tile = np.full(1024, 1.0 / 32, F32)
    data = np.concatenate([tilize(m) for m in mats])
    got = tile_ops(
        "reduce",
        a=(data, "Float16_b"),
        b=(s_tile[None, :], "Float16_b"),
        out_fmt="Float16_b",
        out_tiles=outputs,
        args=(per_out, POOL[pool], DIM[dim], 0),
        fp32_dest_acc_en=1,
    )
    want = reduce_model(data, s_tile, pool, dim, per_out, nx.HIFI4, True, raw=False)
    np.testing.assert_array_equal(got, want)
    for o in range(outputs):
        ref = reduce_reference(mats[o * per_out : (o + 1) * per_out], s_tile, pool, dim)
        res = untilize(got[o], 32, 32).astype(np.float64)
        mask = ref != 0
        if pool == "MAX":
            np.testing.assert_array_equal(res, np.where(mask, ref, 0))  # max is exact
        else:
            # Everything but the result datums is zero; the sums agree to the bf16 output
            # rounding, plus fp32 summation errors relative to sum |a * w|.
            assert np.all(res[~mask] == 0)
            absmats = [np.abs(m) for m in mats[o * per_out : (o + 1) * per_out]]
            scale = reduce_reference(absmats, np.abs(s_tile), pool, dim)
            assert np.all(np.abs(res - ref) <= 2.0**-8 * np.abs(ref) + 2.0**-16 * scale)


@pytest.mark.parametrize("fidelity", ["LoFi", "HiFi2"])
@pytest.mark.parametrize("dim", ["ROW", "COL"])
def test_reduce_sum_low_fidelity_bf16_dst(tile_ops, fidelity, dim):
    """Fidelity and a bfloat16 DST (one rounding per 16-deep partial sum) as modelled."""
    rng = np.random.default_rng(20)
    mats = [bf16_matrix(rng, (32, 32)) for _ in range(2)]
    s_tile = scaler_tile(rng, "varied")
    data = np.concatenate([tilize(m) for m in mats])
    got = tile_ops(
        "reduce",
        a=(data, "Float16_b"),
        b=(s_tile[None, :], "Float16_b"),
        out_fmt="Float16_b",
        out_tiles=1,
        args=(2, POOL["SUM"], DIM[dim], 0),
        fidelity=fidelity,
    )
    want = reduce_model(data, s_tile, "SUM", dim, 2, nx.FIDELITY[fidelity], False, raw=False)
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("pool", ["SUM", "MAX"])
@pytest.mark.parametrize("dim", ["ROW", "COL", "SCALAR"])
def test_reduce_dst_contents(tile_ops, pool, dim):
    """reduce_uninit before pack_tile: the whole DST tile as the LLK leaves it (e.g. MAX over rows
    leaves the maxima in row 0 and column 0 of faces 0 and 2)."""
    rng = np.random.default_rng(30 + DIM[dim])
    mats = [bf16_matrix(rng, (32, 32)) for _ in range(2)]
    s_tile = scaler_tile(rng, "ones")
    data = np.concatenate([tilize(m) for m in mats])
    got = tile_ops(
        "reduce",
        a=(data, "Float16_b"),
        b=(s_tile[None, :], "Float16_b"),
        out_fmt="Float16_b",
        out_tiles=1,
        args=(2, POOL[pool], DIM[dim], 1),
        fp32_dest_acc_en=1,
    )
    want = reduce_model(data, s_tile, pool, dim, 2, nx.HIFI4, True, raw=True)
    np.testing.assert_array_equal(got, want)
    if pool == "MAX" and dim == "ROW":
        g = nx.faces(got[0])
        rowmax = np.maximum(mats[0], mats[1]).max(axis=1)
        np.testing.assert_array_equal(g[0, :, 0], rowmax[:16])
        np.testing.assert_array_equal(g[0, 0, :], rowmax[:16])
        np.testing.assert_array_equal(g[2, :, 0], rowmax[16:])
        assert not g[1].any() and not g[3].any()


@pytest.mark.parametrize(
    "pool, dim", [("SUM", "ROW"), ("MAX", "ROW"), ("MIN", "ROW"), ("SUM", "COL"), ("AVG", "COL"), ("MAX", "COL"), ("MIN", "COL")]
)
def test_sfpu_reduce(tile_ops, pool, dim):
    """sfpu_reduce on DST tiles (fp32): REDUCE_ROW over a block of 3 tiles leaves the row results
    in column 0 of the first tile, REDUCE_COL the column results in row 0; the other datums keep
    their values here (the hardware leaves intermediate values there)."""
    rng = np.random.default_rng(90)
    mats = [nx.tf32(rng.standard_normal((32, 32)).astype(F32)) for _ in range(3)]  # exact in SrcA
    code = {"SUM": 0, "AVG": 1, "MAX": 2, "MIN": 3}[pool]
    got = tile_ops(
        "sfpu_reduce",
        a=(np.concatenate([tilize(m) for m in mats]), "Float32"),
        out_fmt="Float32",
        out_tiles=1 if dim == "ROW" else 3,
        args=(code, 0 if dim == "ROW" else 1),
        fp32_dest_acc_en=1,
    )
    f = {"SUM": np.sum, "AVG": np.mean, "MAX": np.max, "MIN": np.min}[pool]
    if dim == "ROW":
        res = untilize(got[0], 32, 32)
        ref = f(np.concatenate(mats, axis=1).astype(np.float64), axis=1)
        np.testing.assert_allclose(res[:, 0], ref, rtol=1e-5, atol=1e-5)
        np.testing.assert_array_equal(res[:, 1:], mats[0][:, 1:])
    else:
        for t, m in zip(got, mats):
            res = untilize(t, 32, 32)
            np.testing.assert_allclose(res[0], f(m.astype(np.float64), axis=0), rtol=1e-5, atol=1e-5)
            np.testing.assert_array_equal(res[1:], m[1:])


@pytest.mark.parametrize("fn, ref", [(0, np.sin), (1, np.cos), (2, np.tan)])
def test_trigonometry(tile_ops, fn, ref):
    """sin_tile / cos_tile / tan_tile (TT-NN's binary_ng compute kernels include their header) on
    fp32 DST: the function of each datum."""
    rng = np.random.default_rng(91 + fn)
    m = nx.tf32(rng.uniform(-1.2, 1.2, (32, 32)).astype(F32))
    got = tile_ops(
        "trigonometry",
        a=(tilize(m), "Float32"),
        out_fmt="Float32",
        out_tiles=1,
        args=(fn,),
        fp32_dest_acc_en=1,
    )
    np.testing.assert_allclose(untilize(got[0], 32, 32), ref(m.astype(np.float64)), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("mode, faces", [(0, (0, 1, 2, 3)), (1, (0, 1)), (2, (0, 2))], ids=["RC", "R", "C"])
@pytest.mark.parametrize("fn, ref", [(0, np.exp), (1, np.reciprocal)], ids=["exp", "recip"])
def test_sfpu_vector_mode(tile_ops, mode, faces, fn, ref):
    """exp_tile / recip_tile with VectorMode RC, R (faces 0 and 1: a row vector's) and C (faces 0
    and 2: a column vector's) on fp32 DST: the selected faces get the function, the others keep
    their values (tt-llk's _llk_math_eltwise_sfpu_apply_vector_mode_)."""
    rng = np.random.default_rng(93 + 3 * fn + mode)
    m = nx.tf32(rng.uniform(0.5, 2.0, (32, 32)).astype(F32))
    got = tile_ops(
        "vector_mode",
        a=(tilize(m), "Float32"),
        out_fmt="Float32",
        out_tiles=1,
        args=(mode, fn),
        fp32_dest_acc_en=1,
    )
    expected = m.astype(np.float64).copy()
    for f in faces:
        r, c = 16 * (f // 2), 16 * (f % 2)
        expected[r:r + 16, c:c + 16] = ref(expected[r:r + 16, c:c + 16])
    np.testing.assert_allclose(untilize(got[0], 32, 32), expected, rtol=1e-5, atol=1e-6)


# ------------------------------------------------------------------------------------------
# where.h, comp.h, softplus.h, activations.h, cbrt.h, erf_erfc.h, mask.h, elu.h, lerp.h (and the
# ops of test_ttnn_apis.py: sign, power, identity, clamp, threshold, log1p, typecast)
# (programs/tile_ops/sfpu_ops)

SFPU_OPS = {
    "where": 0, "where_in_place": 1, "ltz": 2, "gtz": 3, "lez": 4, "gez": 5, "eqz": 6, "nez": 7,
    "unary_ne": 8, "unary_eq": 9, "unary_gt": 10, "unary_lt": 11, "unary_ge": 12, "unary_le": 13,
    "softplus": 14, "hardsigmoid": 15, "softsign": 16, "celu": 17, "softshrink": 18, "hardshrink": 19,
    "cbrt": 20, "erf": 21, "erfc": 22, "softplus_pack": 23, "hardsigmoid_pack": 24, "cbrt_bf16_result": 25,
    "mask": 26, "mask_fp16": 27, "mask_posinf": 28, "mask_idst2": 29, "elu": 30, "elu_bf16_result": 31,
    "lerp": 32, "lerp_in_place": 33, "sign": 34, "power": 35, "power_iterative": 36, "identity": 37,
    "clamp": 38, "threshold": 39, "log1p": 40, "typecast_fp32_to_bf16": 41, "typecast_bf16_to_fp32": 42,
    "dst_sync_scale": 43,
}
# Edge values every op sees: zeros of both signs, infinities, NaN, +-1, tiny and huge values.
SFPU_EDGES = np.array(
    [0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 5.0, -5.0, 10.0, -10.0,
     1e-30, -1e-30, 3e38, -3e38, 20.0, -20.0, 0.25, -0.25, 100.0],
    F32,
)


def fbits(x: float) -> int:
    return int(np.float32(x).view(np.uint32))


def sfpu_input(rng, fp32: bool, scale=4.0, edges=SFPU_EDGES) -> np.ndarray:
    m = (rng.standard_normal((32, 32)) * scale).astype(F32)
    m.flat[: len(edges)] = edges
    return nx.tf32(m) if fp32 else bf16(m)


def run_sfpu_op(tile_ops, op, a, fp32, params=(), b=None):
    fmt = "Float32" if fp32 else "Float16_b"
    params = list(params) + [0] * (3 - len(params))
    got = tile_ops(
        "sfpu_ops",
        a=(tilize(a), fmt),
        b=None if b is None else (np.concatenate([tilize(m) for m in (b if isinstance(b, list) else [b])]), fmt),
        out_fmt=fmt,
        out_tiles=1,
        args=(SFPU_OPS[op], *params),
        fp32_dest_acc_en=int(fp32),
        **({"defines": "INP_FLOAT32=1"} if fp32 else {}),
    )
    return untilize(got[0], 32, 32)


def assert_same_bits(got, ref):
    """Bit for bit, NaN for NaN (any NaN)."""
    got, ref = np.asarray(got, F32), np.asarray(ref, F32)
    nan = np.isnan(ref)
    np.testing.assert_array_equal(np.isnan(got), nan)
    np.testing.assert_array_equal(got[~nan].view(np.uint32), ref[~nan].view(np.uint32))


def assert_sfpu_close(got, ref64, fp32, rtol32=2e-6, atol32=1e-30):
    """Against a float64 model: fp32 DST to a few float32 ulps; bf16 DST to the bf16 rounding of the
    model (one bf16 ulp, 2^-8 relative). NaN / inf positions must match exactly."""
    ref64 = np.asarray(ref64, np.float64)
    special = ~np.isfinite(ref64)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(ref64))
    np.testing.assert_array_equal(got[special & ~np.isnan(ref64)], ref64[special & ~np.isnan(ref64)])
    fin = ~special
    if fp32:
        np.testing.assert_allclose(got[fin], ref64[fin], rtol=rtol32, atol=atol32)
    else:
        np.testing.assert_allclose(got[fin], bf16(ref64[fin].astype(F32)), rtol=2.0**-8, atol=1e-30)


@pytest.mark.parametrize("fp32", [True, False], ids=["fp32", "bf16"])
@pytest.mark.parametrize("op", ["where", "where_in_place"])
def test_where_tile(tile_ops, op, fp32):
    """where_tile<fmt>(cond, true, false, out): per datum, true where the condition's bits are not
    zero (so -0.0 selects true, ckernel_sfpu_where.h's SFPSETCC EQ0), bit for bit, NaN and inf
    propagated; into a fourth tile or over the condition."""
    rng = np.random.default_rng(120 + fp32)
    cond = sfpu_input(rng, fp32)
    cond[5:9] = 0.0
    cond[9:12] = -0.0
    t = sfpu_input(rng, fp32, edges=SFPU_EDGES[::-1].copy())
    got = run_sfpu_op(tile_ops, op, cond, fp32, b=t)
    ref = np.where(cond.view(np.uint32) != 0, t, -cond)
    assert_same_bits(got, ref)
    assert (cond.view(np.uint32) == 0x80000000).any() and (cond.view(np.uint32) == 0).any()


ZERO_COMPS = {
    "ltz": lambda v: v < 0, "gtz": lambda v: v > 0, "lez": lambda v: v <= 0,
    "gez": lambda v: v >= 0, "eqz": lambda v: v == 0, "nez": lambda v: v != 0,
}


@pytest.mark.parametrize("fp32", [True, False], ids=["fp32", "bf16"])
@pytest.mark.parametrize("op", list(ZERO_COMPS))
def test_comp_zero(tile_ops, op, fp32):
    """ltz / gtz / lez / gez / eqz / nez_tile: 1.0 / 0.0 by the IEEE comparison with zero
    (ckernel_sfpu_comp.h calculate_comp: -0.0 is zero, NaN compares false, so nez(NaN) = 1)."""
    rng = np.random.default_rng(130 + fp32)
    a = sfpu_input(rng, fp32)
    a[3:5] = 0.0
    with np.errstate(invalid="ignore"):
        ref = ZERO_COMPS[op](a).astype(F32)
    assert_same_bits(run_sfpu_op(tile_ops, op, a, fp32), ref)


def sfpi_diff(v, s):
    """v - s in float32 as the SFPU's comparison computes it; a NaN difference reads as positive."""
    with np.errstate(invalid="ignore", over="ignore"):
        d = (v.astype(F32) - F32(s)).astype(F32)
    return np.where(np.isnan(d), F32(np.nan), d)


def sfpi_gt(v, s):
    d = sfpi_diff(v, s)
    return ~np.signbit(d) & (d.view(np.uint32) != 0)


UNARY_COMPS = {
    "unary_eq": lambda v, s: sfpi_diff(v, s).view(np.uint32) == 0,
    "unary_ne": lambda v, s: sfpi_diff(v, s).view(np.uint32) != 0,
    "unary_lt": lambda v, s: np.signbit(sfpi_diff(v, s)),
    "unary_ge": lambda v, s: ~np.signbit(sfpi_diff(v, s)),
    "unary_gt": sfpi_gt,
    "unary_le": lambda v, s: ~sfpi_gt(v, s),
}


@pytest.mark.parametrize("s", [0.5, 0.0, -0.0, -2.0, np.inf])
@pytest.mark.parametrize("fp32", [True, False], ids=["fp32", "bf16"])
@pytest.mark.parametrize("op", list(UNARY_COMPS))
def test_unary_comp(tile_ops, op, fp32, s):
    """unary_eq / ne / lt / ge / gt / le_tile(idst, bits of s): 1.0 / 0.0 by the sign and zero tests
    SFPI applies to the float32 difference v - s (ckernel_sfpu_unary_comp.h). For finite operands
    that is the IEEE comparison, except v = -0.0, s = +0.0 (difference -0.0: "less", not equal);
    inf - inf and NaN differences read as a positive NaN."""
    rng = np.random.default_rng(140 + fp32)
    a = sfpu_input(rng, fp32)
    a[6:9] = F32(s)  # equal datums
    ref = UNARY_COMPS[op](a, s).astype(F32)
    got = run_sfpu_op(tile_ops, op, a, fp32, params=(fbits(s),))
    assert_same_bits(got, ref)
    # On finite, non-(-0 vs +0) pairs the model is numpy's comparison.
    ieee = {"unary_eq": np.equal, "unary_ne": np.not_equal, "unary_lt": np.less, "unary_ge": np.greater_equal,
            "unary_gt": np.greater, "unary_le": np.less_equal}[op]
    plain = np.isfinite(a) & np.isfinite(s) & ~((a == 0) & (F32(s) == 0))
    np.testing.assert_array_equal(got[plain], ieee(a[plain], F32(s)).astype(F32))


def softplus_model(x, beta, threshold, bf16_path):
    x64 = x.astype(np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        t = (x.astype(F32) * F32(beta)).astype(np.float64)
        res = np.log1p(np.exp(-np.abs(t)))
        if bf16_path:
            res = np.where(np.abs(t) > 5, 0.0, res)
        sp = (np.maximum(t, 0) + res) * np.float64(F32(1 / beta))
    return np.where(sfpi_gt(t.astype(F32), threshold) | np.isnan(t), x64, sp)


@pytest.mark.parametrize("beta, threshold", [(1.0, 20.0), (2.0, 10.0), (0.5, 1.0)])
@pytest.mark.parametrize("fp32", [True, False], ids=["fp32", "bf16"])
@pytest.mark.parametrize("op", ["softplus", "softplus_pack"])
def test_softplus(tile_ops, op, fp32, beta, threshold):
    """softplus_tile(idst, beta, 1/beta, threshold) (bits of fp32 values): x where beta x >
    threshold, else (max(beta x, 0) + log(1 + exp(-|beta x|))) / beta; without INP_FLOAT32 (the
    bf16 case here) the LLK drops the log term for |beta x| > 5. Also on the pack thread."""
    rng = np.random.default_rng(150 + fp32)
    a = sfpu_input(rng, fp32)
    a.flat[40:44] = F32(threshold / beta)  # exactly at the threshold: the softplus branch
    got = run_sfpu_op(tile_ops, op, a, fp32, params=(fbits(beta), fbits(1 / beta), fbits(threshold)))
    ref = softplus_model(a, beta, threshold, bf16_path=not fp32)
    assert_sfpu_close(got, ref, fp32, atol32=1e-7)
    above = (a.astype(np.float64) * beta > threshold) & np.isfinite(a)
    np.testing.assert_array_equal(got[above], a[above])  # passed through unchanged
    np.testing.assert_allclose(got.flat[40:44], threshold / beta + np.log1p(np.exp(-threshold)) / beta * (fp32 or threshold <= 5), rtol=2**-7)


def activation_model(op, x, p0=0.0, p1=0.0):
    x64 = x.astype(np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        if op in ("hardsigmoid", "hardsigmoid_pack"):
            return np.clip(x64 * np.float64(F32(0.1666666716337204)) + 0.5, 0.0, 1.0)
        if op == "softsign":
            return x64 / (np.abs(x64) + 1.0)
        if op == "celu":
            return np.where(np.signbit(x64), p0 * np.expm1(np.float64(F32(p1)) * x64), x64)
        if op == "softshrink":
            return x64 - np.clip(x64, -p0, p0)
        if op == "hardshrink":
            # lambda - |NaN| is a NaN difference, read as positive: 0 (see sfpi_diff)
            return np.where((np.abs(x64) <= p0) | np.isnan(x64), 0.0, x64)
        if op == "cbrt":
            return np.cbrt(x64)
        if op == "erf":
            from math import erf
            return np.vectorize(erf, otypes=[np.float64])(x64)
        if op == "erfc":
            from math import erfc
            r = np.vectorize(erfc, otypes=[np.float64])(np.minimum(np.abs(x64), 5.0))
            return np.where(x64 < 0, 2.0 - r, r)
    raise ValueError(op)


@pytest.mark.parametrize("fp32", [True, False], ids=["fp32", "bf16"])
@pytest.mark.parametrize(
    "op, p0, p1",
    [("hardsigmoid", 0, 0), ("hardsigmoid_pack", 0, 0), ("softsign", 0, 0), ("celu", 1.5, 1 / 1.5),
     ("softshrink", 0.5, 0), ("hardshrink", 0.5, 0), ("cbrt", 0, 0), ("erf", 0, 0), ("erfc", 0, 0)],
)
def test_activations(tile_ops, op, p0, p1, fp32):
    """activations.h (hardsigmoid, softsign, celu, softshrink, hardshrink), cbrt.h, erf_erfc.h
    against float64 models: the thresholds (lambda = 0.5 exactly, hardsigmoid's -3 / 3 corners),
    signed zeros, infinities and NaN."""
    rng = np.random.default_rng(160 + fp32)
    a = sfpu_input(rng, fp32, scale=2.0)
    a.flat[50:56] = [3.0, -3.0, 0.5, -0.5, 4.0, -4.0]
    got = run_sfpu_op(tile_ops, op, a, fp32, params=(fbits(p0), fbits(p1)))
    ref = activation_model(op, a, p0, p1)
    # erf / erfc saturate: compare them with an absolute floor as well.
    atol = 2e-7 if op in ("erf", "erfc", "softsign") else 1e-30
    assert_sfpu_close(got, ref, fp32, atol32=atol)
    if op == "hardshrink":
        np.testing.assert_array_equal(got.flat[52:54], [0.0, 0.0])  # |x| == lambda -> 0
    if op == "cbrt":
        assert_same_bits(got.flat[:2], [0.0, -0.0])


def test_cbrt_rounds_when_its_template_says_bf16(tile_ops):
    """cbrt_tile<false> on an fp32 DST: the LLK's bfloat16 path rounds the result to bfloat16
    (nearest even) although DST keeps fp32; cbrt_tile<true> does not."""
    rng = np.random.default_rng(170)
    a = sfpu_input(rng, True, scale=3.0)
    got = run_sfpu_op(tile_ops, "cbrt_bf16_result", a, True)
    ref = np.cbrt(a.astype(np.float64)).astype(F32)
    assert_same_bits(got, bf16(ref))
    full = run_sfpu_op(tile_ops, "cbrt", a, True)
    assert (full != bf16(full)).sum() > 500


@pytest.mark.parametrize("fp32", [True, False], ids=["fp32", "bf16"])
@pytest.mark.parametrize("op", ["mask", "mask_fp16", "mask_posinf", "mask_idst2"])
def test_mask_tile(tile_ops, op, fp32):
    """mask.h: where the mask (the DST tile after the data, also when idst2_mask names another
    tile, as the LLK) is zero, the data becomes 0.0 (mask_tile) or +inf (mask_posinf_tile), else it
    is kept bit for bit (NaN and inf too). ckernel_sfpu_mask.h's v == 0.0f is SFPSETCC EQ0 on the
    loaded bits: a -0.0 mask does not mask."""
    rng = np.random.default_rng(180 + fp32)
    a = sfpu_input(rng, fp32)
    m = sfpu_input(rng, fp32, edges=SFPU_EDGES[::-1].copy())
    m[2:12:2] = 0.0
    m[3:13:2] = -0.0
    m[20:30, 5:9] = 0.0
    got = run_sfpu_op(tile_ops, op, a, fp32, b=m)
    fill = np.inf if op == "mask_posinf" else 0.0
    zero = m.view(np.uint32) == 0
    assert zero.sum() > 40 and (m.view(np.uint32) == 0x80000000).sum() > 4
    assert_same_bits(got, np.where(zero, F32(fill), a))


def elu_model(x, alpha):
    x64 = x.astype(np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        neg = alpha * np.expm1(np.maximum(x64, -87.0))
    neg = np.where(x64 == 0, 0.0, neg)  # -0.0: (2^0 - 1) + 2^0 * (-0.0) = +0.0
    return np.where(np.signbit(x64), neg, x64)


@pytest.mark.parametrize("alpha", [1.0, 0.25, 2.5])
@pytest.mark.parametrize("fp32", [True, False], ids=["fp32", "bf16"])
def test_elu(tile_ops, fp32, alpha):
    """elu_tile<fp32>(idst, bits of alpha): x where the sign of x is clear, else alpha * expm1(x)
    (x clamped to -87: -inf gives -alpha); -0.0 gives +0.0 (ckernel_sfpu_elu.h)."""
    rng = np.random.default_rng(190 + fp32)
    a = sfpu_input(rng, fp32, scale=3.0)
    a.flat[60:64] = [-87.0, -88.0, -100.0, -2.0**-10]  # exact in TF32 and bfloat16
    got = run_sfpu_op(tile_ops, "elu", a, fp32, params=(fbits(alpha),))
    ref = elu_model(a, alpha)
    assert_sfpu_close(got, ref, fp32, atol32=1e-30)
    assert_same_bits(got.flat[:2], [0.0, 0.0])  # +0.0 and -0.0 both give +0.0
    assert got.flat[3] == -alpha  # -inf: clamped to -87, expm1 = -1
    pos = ~np.signbit(a)
    assert_same_bits(got[pos], a[pos])


def test_elu_rounds_when_its_template_says_bf16(tile_ops):
    """elu_tile<false> on an fp32 DST rounds its result to bfloat16 (convert<vFloat16b>, nearest
    even), elu_tile<true> does not."""
    rng = np.random.default_rng(195)
    a = sfpu_input(rng, True, scale=3.0)
    got = run_sfpu_op(tile_ops, "elu_bf16_result", a, True, params=(fbits(0.75),))
    full = run_sfpu_op(tile_ops, "elu", a, True, params=(fbits(0.75),))
    assert_same_bits(got, bf16(full))
    assert (full != bf16(full)).sum() > 200


@pytest.mark.parametrize("fp32", [True, False], ids=["fp32", "bf16"])
@pytest.mark.parametrize("op", ["lerp", "lerp_in_place"])
def test_lerp(tile_ops, op, fp32):
    """lerp_tile<fmt, fp32>(input, end, weight, out) = input + weight * (end - input)
    (ckernel_sfpu_lerp.h: the difference rounded to fp32, then one fused MAD; a bfloat16 result is
    rounded to nearest even); weights 0 and 1 give input and (nearly) end, inf / NaN propagate."""
    rng = np.random.default_rng(200 + fp32)
    a = sfpu_input(rng, fp32)
    end = sfpu_input(rng, fp32, edges=SFPU_EDGES[::-1].copy())
    w = (rng.uniform(-0.5, 1.5, (32, 32))).astype(F32)
    w.flat[:8] = [0.0, 1.0, 0.5, -0.0, 2.0, -1.0, 0.0, 1.0]
    w.flat[100:104] = [np.inf, np.nan, 0.0, 1.0]
    w = nx.tf32(w) if fp32 else bf16(w)
    got = run_sfpu_op(tile_ops, op, a, fp32, b=[end, w])
    with np.errstate(over="ignore", invalid="ignore"):
        d = (end.astype(F32) - a.astype(F32)).astype(F32)  # fp32 difference
        ref = np.float64(w) * np.float64(d) + np.float64(a)  # exact product + sum, one rounding
        ref32 = ref.astype(F32)
    ref32 = np.where(np.isnan(ref), F32(np.nan), ref32)
    # The float64 w * d + a (exact but for exponent gaps), rounded once to fp32, is the fused MAD
    # (overflow to inf included); within an fp32 ulp, the infinities exactly.
    assert_sfpu_close(got, ref32, fp32, rtol32=1.2e-7, atol32=1e-30)
    if fp32:
        assert_same_bits(got, ref32)  # here no double rounding: the fused MAD bit for bit
    fin = np.isfinite(a) & np.isfinite(end) & np.isfinite(d)
    zero_w = (w == 0) & fin
    np.testing.assert_array_equal(got[zero_w], a[zero_w])  # weight 0: the input exactly
    assert zero_w.sum() >= 2


# ------------------------------------------------------------------------------------------
# Transpose


@pytest.mark.parametrize(
    "mode, how",
    [(1, "transpose_tile"), (2, "copy faces+within"), (3, "transpose_dest"), (4, "faces"), (5, "within")],
)
@pytest.mark.parametrize("fmt", ["Float16_b", "Float32"])
def test_transpose(tile_ops, mode, how, fmt):
    rng = np.random.default_rng(40)
    mats = [bf16_matrix(rng, (32, 32)) for _ in range(3)]
    if fmt == "Float32":
        mats = [rng.standard_normal((32, 32)).astype(F32) for _ in range(3)]
    got = tile_ops(
        "transpose",
        a=(np.concatenate([tilize(m) for m in mats]), fmt),
        out_fmt=fmt,
        out_tiles=3,
        args=(mode,),
        fp32_dest_acc_en=int(fmt == "Float32"),
    )
    for t, m in zip(got, mats):
        f = nx.faces(tilize(m)[0])
        if mode in (1, 2, 3):
            want = tilize(m.T.copy())[0]
        elif mode == 4:
            want = f[[0, 2, 1, 3]].reshape(1024)
        else:
            want = f.transpose(0, 2, 1).reshape(1024)
        if fmt == "Float32":
            want = nx.tf32(want)  # the tile passes through SrcA
        np.testing.assert_array_equal(t, want)


# ------------------------------------------------------------------------------------------
# Broadcast

OPS = {"add": (0, np.add), "sub": (1, np.subtract), "mul": (2, np.multiply)}
BDIM = {"rows": 0, "cols": 1, "scalar": 2}


@pytest.mark.parametrize("op", list(OPS))
@pytest.mark.parametrize("dim", list(BDIM))
@pytest.mark.parametrize("generic", [0, 1], ids=["named", "generic"])
def test_broadcast(tile_ops, op, dim, generic):
    rng = np.random.default_rng(50 + OPS[op][0] * 3 + BDIM[dim])
    mats = [bf16_matrix(rng, (32, 32)) for _ in range(2)]
    b = bf16_matrix(rng, (32, 32))
    row = 0 if dim != "rows" or not generic else 21  # a row of faces 2/3 (bcast_row_idx)
    got = tile_ops(
        "bcast",
        a=(np.concatenate([tilize(m) for m in mats]), "Float16_b"),
        b=(tilize(b), "Float16_b"),
        out_fmt="Float32",
        out_tiles=2,
        args=(OPS[op][0], BDIM[dim], row, generic),
        fp32_dest_acc_en=1,
    )
    bb = {"rows": b[row : row + 1, :], "cols": b[:, 0:1], "scalar": b[0:1, 0:1]}[dim]
    for t, m in zip(got, mats):
        # bf16 operands: sums, differences and (HiFi4) products are exact in fp32.
        want = OPS[op][1](m.astype(np.float64), bb.astype(np.float64)).astype(F32)
        np.testing.assert_array_equal(untilize(t, 32, 32), want)


def test_broadcast_mul_low_fidelity(tile_ops):
    """mul_tiles_bcast runs at the kernel's math fidelity (LoFi: SrcA keeps 5 significant bits,
    SrcB 7)."""
    rng = np.random.default_rng(60)
    m, b = bf16_matrix(rng, (32, 32)), bf16_matrix(rng, (32, 32))
    got = tile_ops(
        "bcast",
        a=(tilize(m), "Float16_b"),
        b=(tilize(b), "Float16_b"),
        out_fmt="Float32",
        out_tiles=1,
        args=(2, BDIM["cols"], 0, 0),
        fidelity="LoFi",
        fp32_dest_acc_en=1,
    )
    bb = np.broadcast_to(b[:, 0:1], (32, 32))
    want = nx.product(m, bb, nx.LOFI)
    np.testing.assert_array_equal(untilize(got[0], 32, 32), want)
    assert np.any(want != m * bb)


# ------------------------------------------------------------------------------------------
# Bfp8_b


def bfp8_test_values(rng, tiles: int) -> np.ndarray:
    """Face-order tiles with rows that exercise the format: wide dynamic range in a row,
    exact rounding ties, values that carry into the next binade, zeros, denormals, negative
    values too small for the shared exponent."""
    x = (rng.standard_normal((tiles, 64, 16)) * np.exp2(rng.integers(-8, 8, (tiles, 64, 1)))).astype(F32)
    r = x[0]
    r[0] = np.ldexp(np.arange(16, dtype=F32) + 64.5, -6)  # ties at the 7-bit magnitude (shift 0)
    r[1, :] = [1.0, 0.75 + 2**-8, 0.625 + 2**-9, -0.5 - 2**-8, *([0.0] * 12)]  # ties after shifts
    r[2, :] = 1.9999 * np.ones(16, F32)  # rounds up into the next binade
    r[3, :] = [2.0**10, -(2.0**-5), 3e-3, -3e-3, *([1e-40] * 12)]  # tiny values, denormals
    r[4, :] = 0.0
    r[5, :] = -np.ldexp(np.arange(16, dtype=F32), -3)
    return x.reshape(tiles, 1024)


def test_bfp8_host_pack_matches_tt_metal_model(run, work):
    """pack_as_bfp8_tiles / unpack_bfp8_tiles_into_float_vec against the numpy model of
    tt-metal's host conversion; row-major input and bfloat16 input give the same bytes."""
    x = bfp8_test_values(np.random.default_rng(70), 2)
    src, packed, back = work / "bfp8_in.f32", work / "bfp8_packed.bin", work / "bfp8_back.f32"
    write(src, x)
    run("host_utils", "bfp8", src, packed, back)
    assert packed.read_bytes() == nx.bfp8_host_encode(x)
    np.testing.assert_array_equal(np.fromfile(back, F32), nx.bfp8_host_decode(packed.read_bytes()))
    assert Path(str(packed) + ".bf16").read_bytes() == nx.bfp8_host_encode(bf16(x))
    # Quantization error: below one unit of the row's shared exponent (half a unit from the
    # rounding, plus the bits the alignment shift truncates, or the saturation at 127).
    exps = np.repeat(np.frombuffer(packed.read_bytes(), np.uint8).reshape(-1, 1088)[:, :64], 16, axis=1)
    unit = np.ldexp(1.0, exps.astype(np.int64) - 133)
    err = np.abs(np.fromfile(back, F32).reshape(-1, 1024) - x)
    assert np.all(err < unit)
    assert np.mean(err <= unit / 2) > 0.95


def test_bfp8_unpack_through_cb(tile_ops):
    """A Bfp8_b buffer written by the host (pack_as_bfp8_tiles) is unpacked by copy_tile from a
    Bfp8_b CB: the values match the format's decoding exactly."""
    x = bfp8_test_values(np.random.default_rng(71), 3)
    got = tile_ops("copy", a=(x.tobytes(), "Bfp8_b/host"), out_fmt="Float32", out_tiles=3, args=(), fp32_dest_acc_en=1)
    np.testing.assert_array_equal(got.reshape(-1), nx.bfp8_unpack(nx.bfp8_host_encode(x)))


@pytest.mark.parametrize("fp32", [True, False])
def test_bfp8_pack_through_cb(tile_ops, fp32):
    """pack_tile into a Bfp8_b CB: the bytes are the device packer's encoding of the DST values
    (Float32 input: TF32 in SrcA; with a bfloat16 DST, rounded to bfloat16 first)."""
    x = bfp8_test_values(np.random.default_rng(72), 2)
    decoded, raw = tile_ops(
        "copy", a=(x, "Float32"), out_fmt="Bfp8_b/host", out_tiles=2, args=(), fp32_dest_acc_en=int(fp32)
    )
    dst = nx.tf32(x) if fp32 else bf16(nx.tf32(x))
    assert raw == nx.bfp8_pack(dst)
    np.testing.assert_array_equal(np.frombuffer(decoded, F32), nx.bfp8_host_decode(raw))
    # Quantization error of the packer: half a unit of the shared exponent plus the E8M6 step.
    exps = np.repeat(np.frombuffer(raw, np.uint8).reshape(-1, 1088)[:, :64], 16, axis=1)
    unit = np.ldexp(1.0, exps.astype(np.int64) - 133)
    err = np.abs(np.frombuffer(decoded, F32).reshape(-1, 1024) - dst)
    assert np.all(err <= unit / 2 + np.abs(dst) * 2.0**-7)


def test_bfp8_round_trip_through_device(tile_ops):
    """Float16_b -> pack to Bfp8_b -> unpack from Bfp8_b -> Float16_b."""
    x = bf16(bfp8_test_values(np.random.default_rng(73), 2))
    raw = tile_ops("copy", a=(x, "Float16_b"), out_fmt="Bfp8_b", out_tiles=2, args=())
    assert raw == nx.bfp8_pack(x)
    back = tile_ops("copy", a=(raw, "Bfp8_b"), out_fmt="Float16_b", out_tiles=2, args=())
    np.testing.assert_array_equal(back.reshape(-1), bf16(nx.bfp8_unpack(raw)))


# ------------------------------------------------------------------------------------------
# Bfp4_b (and ttlang's numpy model of both block-float formats, ttlang/launch/blockfloat.py)


def bfp4_test_values(rng, tiles: int) -> np.ndarray:
    """bfp8_test_values plus rows at the 3-bit magnitude's ties and carries."""
    x = bfp8_test_values(rng, tiles).reshape(tiles, 64, 16)
    r = x[0]
    r[6] = np.ldexp(np.arange(16, dtype=F32) % 8 + 4.5, -2)  # ties at the 3-bit magnitude
    r[7, :] = [1.0, 0.75 + 2**-4, 0.625 + 2**-5, -0.5 - 2**-4, 1.9, -1.95, *([0.0] * 10)]
    return x.reshape(tiles, 1024)


@pytest.mark.parametrize("fmt", ["bfp8", "bfp4"])
def test_bfp_host_pack_matches_ttlang_model(run, work, fmt):
    """pack_as_bfp{8,4}_tiles / unpack_bfp{8,4}_tiles_into_float_vec (the emulator's C++) bit for
    bit against ttlang's numpy model of tt-metal's host conversion, which tt.to_device uses."""
    import ttlang as tt
    from ttlang.launch import blockfloat

    dt = tt.bfp8_b if fmt == "bfp8" else tt.bfp4_b
    x = bfp4_test_values(np.random.default_rng(74), 3)
    src, packed, back = (work / f"{fmt}_{n}" for n in ("in.f32", "packed.bin", "back.f32"))
    write(src, x)
    run("host_utils", fmt, src, packed, back)
    raw = packed.read_bytes()
    assert len(raw) == 3 * dt.tile_bytes
    assert raw == blockfloat.encode(x, dt).tobytes()
    np.testing.assert_array_equal(np.fromfile(back, F32), blockfloat.decode(np.frombuffer(raw, np.uint8), dt).reshape(-1))
    assert Path(str(packed) + ".bf16").read_bytes() == blockfloat.encode(bf16(x), dt).tobytes()
    if fmt == "bfp8":
        assert raw == nx.bfp8_host_encode(x)
    # Quantization error: below one unit of the row's shared exponent (bits - 1 below it).
    exps = np.repeat(np.frombuffer(raw, np.uint8).reshape(-1, dt.tile_bytes)[:, :64], 16, axis=1)
    unit = np.ldexp(1.0, exps.astype(np.int64) - 127 - (dt.element_bits - 2))
    err = np.abs(np.fromfile(back, F32).reshape(-1, 1024) - x)
    sat = np.abs(x) >= unit * (2 ** (dt.element_bits - 1) - 0.5)  # saturating at the largest magnitude
    assert np.all((err <= unit) | sat)


def test_bfp4_round_trip_through_device(tile_ops):
    """The packer writes Bfp4_b as ttlang's model of it (blockfloat.pack); the unpacker reads it
    back exactly; a host-packed Bfp4_b buffer reads as its host decoding."""
    import ttlang as tt
    from ttlang.launch import blockfloat

    x = bf16(bfp4_test_values(np.random.default_rng(75), 2))
    raw = tile_ops("copy", a=(x, "Float16_b"), out_fmt="Bfp4_b", out_tiles=2, args=())
    assert raw == blockfloat.pack(x, tt.bfp4_b).tobytes()
    assert raw != blockfloat.encode(x, tt.bfp4_b).tobytes()  # the two conversions round differently
    back = tile_ops("copy", a=(raw, "Bfp4_b"), out_fmt="Float32", out_tiles=2, args=(), fp32_dest_acc_en=1)
    np.testing.assert_array_equal(back.reshape(-1), blockfloat.decode(np.frombuffer(raw, np.uint8), tt.bfp4_b).reshape(-1))
    host = blockfloat.encode(x, tt.bfp4_b).tobytes()
    back = tile_ops("copy", a=(host, "Bfp4_b"), out_fmt="Float32", out_tiles=2, args=(), fp32_dest_acc_en=1)
    np.testing.assert_array_equal(back.reshape(-1), blockfloat.decode(np.frombuffer(host, np.uint8), tt.bfp4_b).reshape(-1))


def test_bfp8_packer_matches_ttlang_model(tile_ops):
    """ttlang's model of the packer (blockfloat.pack) is the emulator's, for Bfp8_b too."""
    import ttlang as tt
    from ttlang.launch import blockfloat

    x = bf16(bfp4_test_values(np.random.default_rng(76), 2))
    raw = tile_ops("copy", a=(x, "Float16_b"), out_fmt="Bfp8_b", out_tiles=2, args=())
    assert raw == blockfloat.pack(x, tt.bfp8_b).tobytes() == nx.bfp8_pack(x)


# ------------------------------------------------------------------------------------------
# Host helpers


def test_bfloat16_rounding(run):
    values = ["1.0", "1.00390625", "1.01171875", "-3.3", "1e30", "65504", "-0.0"]
    out = run("host_utils", "bf16", *values).splitlines()
    for line, v in zip(out, values):
        rne, trunc, back = line.split()
        x = np.float32(float(v))
        assert int(rne, 16) == int(np.array([x]).astype(nx.BF16).view(np.uint16)[0]), line
        assert int(trunc, 16) == int(nx.bits(x)) >> 16, line
        assert np.float32(float(back)) == bf16(x), line
    assert out[-1] == "int 4040 double 3f00 sum 3.5 lt 1 eq 1"


def test_host_vectors_and_packing(run):
    out = run("host_utils", "misc")
    assert "pack c0003f80" in out  # first -> low half
    assert "random 32 1 1" in out
    assert "roundtrip 1" in out
    assert "identity 1 0 0 0 0 1 0 0 0 0 1 0 0 0 0 0" in out
    assert "close 1 0" in out
    assert "constant 3fc03fc0" in out


def test_tilize_nfaces(run, work):
    rng = np.random.default_rng(80)
    m = rng.standard_normal((64, 96)).astype(F32)
    src, dst = work / "tz_in.f32", work / "tz_out.f32"
    write(src, m)
    run("host_utils", "tilize", 64, 96, src, dst)
    np.testing.assert_array_equal(np.fromfile(dst, F32).reshape(-1, 1024), tilize(m))


def split_reference(gx, gy, units, row_wise):
    """tt-metal's split_work_to_cores, from its documented fill order."""
    total = gx * gy
    cores = min(units, total)
    order = [(i % gx, i // gx) if row_wise else (i // gy, i % gy) for i in range(total)]
    per, more = units // cores, units % cores
    if more == 0:
        return cores, order[:cores], [], per, 0
    return cores, order[:more], order[more:cores], per + 1, per


def parse_set(line: str) -> list[tuple[int, int]]:
    cores = []
    for r in line.split()[1:]:
        (x0, y0), (x1, y1) = (map(int, p.split(",")) for p in r.split("-"))
        cores += [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
    return cores


@pytest.mark.parametrize(
    "gx, gy, units, row_wise",
    [(3, 2, 20, 0), (3, 2, 20, 1), (8, 8, 20, 0), (8, 8, 20, 1), (8, 8, 64, 0), (8, 8, 100, 0), (8, 8, 131, 1), (5, 4, 7, 0)],
)
def test_split_work_to_cores(run, gx, gy, units, row_wise):
    out = run("host_utils", "split", gx, gy, units, row_wise).splitlines()
    cores, g1, g2, w1, w2 = split_reference(gx, gy, units, row_wise)
    assert out[0] == f"num_cores {cores}"
    assert sorted(parse_set(out[1])) == sorted(g1 + g2)
    assert sorted(parse_set(out[2])) == sorted(g1)
    assert sorted(parse_set(out[3])) == sorted(g2)
    assert out[4] == f"units {w1} {w2}"
    if units >= gx * gy:
        assert out[1] == f"all 0,0-{gx - 1},{gy - 1}"


def test_split_work_to_cores_over_range_set(run):
    out = run("host_utils", "split_set", 5, 0, "0,0,1,1", "3,0,3,2").splitlines()
    # 7 cores: 5 units -> 5 cores, column by column within the ranges.
    assert out[0] == "num_cores 5"
    assert sorted(parse_set(out[1])) == [(0, 0), (0, 1), (1, 0), (1, 1), (3, 0)]
    assert out[4] == "units 1 0"
    out = run("host_utils", "split_set", 9, 0, "0,0,1,1", "3,0,3,2").splitlines()
    assert sorted(parse_set(out[2])) == [(0, 0), (0, 1)]  # 9 = 7 + 2: two cores do 2 units
    assert out[4] == "units 2 1"


# ------------------------------------------------------------------------------------------
# Tilize and untilize (api/compute/tilize.h, untilize.h, pack_untilize.h)


def tile_layout_model(m: np.ndarray) -> np.ndarray:
    """Row-major (32 * R, 32 * C) -> tiles (R * C, 1024), element by element: datum (r, c) of
    tile (i, j) is at face 2 * (r // 16) + c // 16, position (r % 16) * 16 + c % 16."""
    rows, cols = m.shape
    out = np.full((rows // 32 * (cols // 32), 1024), np.nan, F32)
    for i in range(rows // 32):
        for j in range(cols // 32):
            t = out[i * (cols // 32) + j]
            for r in range(32):
                for c in range(32):
                    t[(2 * (r // 16) + c // 16) * 256 + (r % 16) * 16 + c % 16] = m[i * 32 + r, j * 32 + c]
    return out


def row_major_pattern(rows: int, cols: int, fmt: str) -> np.ndarray:
    """Distinct values that name their position: 1 + r * cols + c (exact in bfloat16 up to 256,
    so the Float16_b pattern repeats with a sign and a scale that keep neighbours distinct)."""
    r, c = np.indices((rows, cols))
    if fmt == "Float32":
        return (1 + r * cols + c).astype(F32) + F32(0.125)
    return bf16(((r * 7 + c) % 251 + 1).astype(F32) * np.where((r + c) % 2, F32(-0.5), F32(2.0)))


def pages(m: np.ndarray) -> np.ndarray:
    """Row-major data as the CB pages hold it: consecutive 1024-datum chunks."""
    return np.ascontiguousarray(m).reshape(-1, 1024)


@pytest.mark.parametrize("fmt", ["Float16_b", "Float32"])
@pytest.mark.parametrize("block", [1, 3])
@pytest.mark.parametrize("mode", [1, 2], ids=["tilize_block", "fast_tilize_block"])
def test_tilize_layout(tile_ops, fmt, block, mode):
    rows = 64  # two block rows
    m = row_major_pattern(rows, block * 32, fmt)
    n = rows // 32 * block
    fp32 = fmt == "Float32"
    got = tile_ops(
        "tilize",
        a=(pages(m), fmt),
        out_fmt=fmt,
        out_tiles=n,
        args=(mode,),
        fp32_dest_acc_en=int(fp32),
        unpack_to_dest=int(fp32),
        defines=f"BLOCK={block}",
    )
    want = tile_layout_model(m)
    assert not np.isnan(want).any()
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(got, tilize(m))  # and the shared numpy helper agrees


def test_tilize_float32_through_srca_is_tf32(tile_ops):
    """Without UnpackToDestFp32 the tilized Float32 data lands in SrcA: 10 mantissa bits."""
    rng = np.random.default_rng(71)
    m = rng.standard_normal((32, 64)).astype(F32)
    got = tile_ops(
        "tilize", a=(pages(m), "Float32"), out_fmt="Float32", out_tiles=2, args=(1,), fp32_dest_acc_en=1,
        defines="BLOCK=2",
    )
    np.testing.assert_array_equal(got, nx.tf32(tile_layout_model(m)))
    assert not np.array_equal(got, tile_layout_model(m))


def untilize_model(tiles: np.ndarray, block: int) -> np.ndarray:
    """Tiles (R * block, 1024) -> the row-major pages of 32 * R rows of block * 32 datums."""
    rows = tiles.shape[0] // block * 32
    m = np.empty((rows, block * 32), F32)
    for k, t in enumerate(tiles):
        i, j = divmod(k, block)
        f = t.reshape(4, 16, 16)
        for r in range(32):
            for c in range(32):
                m[i * 32 + r, j * 32 + c] = f[2 * (r // 16) + c // 16, r % 16, c % 16]
    return pages(m)


@pytest.mark.parametrize("fmt", ["Float16_b", "Float32"])
@pytest.mark.parametrize(
    "mode, block",
    [(3, 2), (4, 1), (4, 3), (5, 4), (6, 4), (7, 3)],
    ids=["untilize_block", "pack_untilize_block1", "pack_untilize_block3", "pack_untilize_dest",
         "pack_untilize_dest_halves", "fast_untilize_block"],
)
def test_untilize(tile_ops, fmt, mode, block):
    rng = np.random.default_rng(72 + mode)
    n = 2 * block
    if fmt == "Float32":
        tiles = rng.standard_normal((n, 1024)).astype(F32)
    else:
        tiles = bf16(rng.standard_normal((n, 1024)).astype(F32))
    fp32 = fmt == "Float32"
    got = tile_ops(
        "tilize", a=(tiles, fmt), out_fmt=fmt, out_tiles=n, args=(mode,), fp32_dest_acc_en=int(fp32),
        unpack_to_dest=int(fp32), defines=f"BLOCK={block}",
    )
    want = untilize_model(tiles, block)
    helper = pages(untilize(tiles, n // block * 32, block * 32))  # the shared numpy helper
    if fp32 and mode == 3:  # unpack untilize has no path to DST: the rows pass through SrcA
        want, helper = nx.tf32(want), nx.tf32(helper)
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(got, helper)


@pytest.mark.parametrize("fmt", ["Float16_b", "Float32"])
@pytest.mark.parametrize("untilize_mode", [3, 4, 5])
def test_tilize_untilize_round_trip(tile_ops, fmt, untilize_mode):
    """Row-major -> tilize_block -> tiles -> untilize -> the same bytes."""
    rng = np.random.default_rng(73)
    block = 2
    fp32 = fmt == "Float32"
    m = rng.standard_normal((64, block * 32)).astype(F32)
    if not fp32:
        m = bf16(m)
    elif untilize_mode == 3:
        m = nx.tf32(m)  # untilize_block's SrcA keeps 10 mantissa bits: exact for TF32 values
    opts = dict(fp32_dest_acc_en=int(fp32), unpack_to_dest=int(fp32), defines=f"BLOCK={block}")
    tiles = tile_ops("tilize", a=(pages(m), fmt), out_fmt=fmt, out_tiles=4, args=(1,), **opts)
    back = tile_ops("tilize", a=(tiles, fmt), out_fmt=fmt, out_tiles=4, args=(untilize_mode,), **opts)
    np.testing.assert_array_equal(back, pages(m))
