"""Performance regression: the timing model's cycles for a few example kernels against a stored
baseline (baseline.json), within 2%. The model is deterministic (the same cycles on every run,
for every TTEMU_THREADS), so this may assert; a change to the compiler or the cost table that
moves a figure shows up here, and is either a regression to fix or an improvement to record:

    TTLANG_UPDATE_BASELINE=1 python -m pytest tests/perf

rewrites baseline.json with the figures of this tree (review the diff and commit it)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import ml_dtypes
import numpy as np
import pytest

import ttlang as tt
from ttlang.examples import elementwise, matmul, normalization, reductions

BASELINE = Path(__file__).with_name("baseline.json")
TOLERANCE = 0.02
BF16 = ml_dtypes.bfloat16


def _x(*shapes, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s).astype(BF16) for s in shapes]


def _blocked():
    a, b = _x((512, 512), (512, 512))
    return tt.profile(matmul.matmul_blocked[(2, 2)], a, b, np.zeros((512, 512), BF16), 4, 4, 2)


def _grid():
    a, b = _x((512, 512), (512, 512))
    return tt.profile(matmul.matmul_grid[(4, 4)], a, b, np.zeros((512, 512), BF16), 4, 4, 2)


def _tiled():
    a, b = _x((256, 256), (256, 256))
    return tt.profile(matmul.matmul[(2, 2)], a, b, np.zeros((256, 256), BF16))


def _fma():
    a, b, c = _x((512, 512), (512, 512), (512, 512))
    return tt.profile(elementwise.fma[(2, 2)], a, b, c, np.zeros_like(a))


def _softmax():
    (x,) = _x((256, 1024))
    return tt.profile(normalization.softmax[(2, 2)], x, np.zeros_like(x))


def _column_sums():
    (x,) = _x((512, 512))
    return tt.profile(reductions.column_sums[(2, 2)], x, np.zeros((1, 512), BF16))


CASES = {
    "matmul_blocked 512^3 4x4x2 on 2x2": _blocked,
    "matmul_grid 512^3 4x4x2 on 4x4 (multicast)": _grid,
    "matmul 256^3 on 2x2": _tiled,
    "fma 512x512 on 2x2": _fma,
    "softmax 256x1024 on 2x2": _softmax,
    "column_sums 512x512 on 2x2": _column_sums,
}


@pytest.fixture(scope="module")
def baseline():
    stored = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    measured: dict[str, int] = {}
    yield stored, measured
    if os.environ.get("TTLANG_UPDATE_BASELINE"):
        BASELINE.write_text(json.dumps({**stored, **measured}, indent=1, sort_keys=True) + "\n")


@pytest.mark.parametrize("name", sorted(CASES))
def test_modeled_cycles_match_the_baseline(name, baseline):
    stored, measured = baseline
    cycles = CASES[name]().cycles
    measured[name] = cycles
    if os.environ.get("TTLANG_UPDATE_BASELINE"):
        return
    assert name in stored, f"no baseline for {name!r}: run with TTLANG_UPDATE_BASELINE=1"
    want = stored[name]
    assert abs(cycles - want) <= TOLERANCE * want, (
        f"{name}: {cycles} modeled cycles, baseline {want} ({100 * (cycles / want - 1):+.1f}%); "
        "a regression, or an improvement to record with TTLANG_UPDATE_BASELINE=1"
    )
