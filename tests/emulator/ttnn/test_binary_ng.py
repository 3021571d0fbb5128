"""TT-NN's production elementwise binary op (binary_ng, FPU path, the wheel's unmodified kernels) on
the emulator: ADD, SUB and MUL of BF16 tensors without broadcast and with b (or a) broadcast as a
row (1 x W), a column (H x 1) or a scalar (1 x 1), or a a row and b a column (or the other way
round), with N x C outer dims broadcast or not, on grids of several cores, checked against a
float64 reference within one bf16 ulp.
Marked ``metalium``: the kernels come from the ttnn 0.81.1 wheel the real-header checks download."""

from __future__ import annotations

import pytest

from tests.metalium import real_headers as rh

from . import driver
from .test_matmul import RESULTS

pytestmark = pytest.mark.metalium

CASES = {  # id -> arguments
    "add-2x2": "--op add --H 256 --W 256 --grid 2x2",
    "sub-3x2-nonsquare": "--op sub --H 96 --W 320 --grid 3x2",
    "mul-4x4-uneven": "--op mul --H 160 --W 224 --grid 4x4",  # 35 tiles on 16 cores: two groups
    "add-row_b-3x2": "--op add --H 96 --W 160 --grid 3x2 --bcast row_b",
    "mul-col_b-2x3": "--op mul --H 128 --W 96 --grid 2x3 --bcast col_b",
    "sub-scalar_b-2x2": "--op sub --H 64 --W 192 --grid 2x2 --bcast scalar_b",
    "sub-row_a-2x2": "--op sub --H 128 --W 64 --grid 2x2 --bcast row_a",
    "sub-col_a-3x1": "--op sub --H 96 --W 128 --grid 3x1 --bcast col_a",
    "mul-scalar_a-1x2": "--op mul --H 64 --W 64 --grid 1x2 --bcast scalar_a",
    # a row and b a column (and the other way round): the row through the LLK, the column filled
    "add-row_a_col_b-2x2": "--op add --H 128 --W 96 --grid 2x2 --bcast row_a_col_b",
    "sub-row_b_col_a-3x2": "--op sub --H 96 --W 160 --grid 3x2 --bcast row_b_col_a",
    # N x C outer dims, b broadcast along N (its n stride 0) or along both; cores' shares of 5 and
    # 4 tiles cross the (n, c) matrices
    "mul-batch-b1x3-4x2": "--op mul --H 64 --W 96 --batch 2x3 --b-batch 1x3 --grid 4x2",
    "sub-batch-col_b-4x2": "--op sub --H 64 --W 96 --batch 2x3 --b-batch 1x3 --bcast col_b --grid 4x2",
    "add-batch-row_b-b1x1-3x2": "--op add --H 64 --W 96 --batch 2x3 --b-batch 1x1 --bcast row_b --grid 3x2",
}


@pytest.fixture(scope="module")
def wheel():
    try:
        return driver.kernels_root()
    except rh.WheelUnavailable as e:
        pytest.skip(f"ttnn {rh.VERSION} wheel unavailable: {e}")


@pytest.mark.parametrize("case", list(CASES))
def test_binary_ng(wheel, case):
    proc = driver.run("binary_ng", CASES[case].split())
    ok = proc.returncode == 0 and "PASS" in proc.stdout
    RESULTS.append((f"binary_ng[{case}]", ok))
    assert ok, proc.stdout[-2000:] + proc.stderr[-3000:]


def test_binary_ng_refuses_idle_cores(wheel):
    """Fewer output tiles than cores: the program says so instead of letting the kernels fault."""
    proc = driver.run("binary_ng", "--H 64 --W 64 --grid 3x2".split())
    assert proc.returncode == 2 and "cores without work" in proc.stderr
