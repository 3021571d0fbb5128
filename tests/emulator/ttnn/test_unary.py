"""TT-NN's production elementwise unary op (eltwise_sfpu with an SFPU op chain, the wheel's
unmodified kernels) on the emulator: exp, gelu (fast and accurate), relu and reciprocal of BF16
tensors, singly and chained (relu then exp, exp then recip), on grids of several cores with the tiles
split in two groups and on a grid with idle cores, checked against a float64 reference within one
bf16 ulp per op of the chain.
Marked ``metalium``: the kernels come from the ttnn 0.81.1 wheel the real-header checks download."""

from __future__ import annotations

import pytest

from tests.metalium import real_headers as rh

from . import driver
from .test_matmul import RESULTS

pytestmark = pytest.mark.metalium

CASES = {  # id -> arguments
    "exp-2x2": "--ops exp --H 128 --W 96 --grid 2x2",  # 12 tiles on 4 cores
    "gelu-3x2-nonsquare": "--ops gelu --H 96 --W 320 --grid 3x2",
    "gelu_accurate-1x2": "--ops gelu_accurate --H 64 --W 64 --grid 1x2",
    "relu-4x4-uneven": "--ops relu --H 160 --W 224 --grid 4x4",  # 35 tiles on 16 cores: two groups
    "recip-2x2": "--ops recip --H 64 --W 192 --grid 2x2",
    "relu-exp-4x4": "--ops relu,exp --H 160 --W 224 --grid 4x4",  # chain: SFPU_OP_CHAIN_0 of two ops
    "exp-recip-3x3": "--ops exp,recip --H 96 --W 96 --grid 3x3",
    "exp-idle-cores-3x2": "--ops exp --H 64 --W 64 --grid 3x2",  # 4 tiles on 6 cores: 2 get zero args
}


@pytest.fixture(scope="module")
def wheel():
    try:
        return driver.kernels_root()
    except rh.WheelUnavailable as e:
        pytest.skip(f"ttnn {rh.VERSION} wheel unavailable: {e}")


@pytest.mark.parametrize("case", list(CASES))
def test_unary(wheel, case):
    proc = driver.run("unary", CASES[case].split())
    ok = proc.returncode == 0 and "PASS" in proc.stdout
    RESULTS.append((f"unary[{case}]", ok))
    assert ok, proc.stdout[-2000:] + proc.stderr[-3000:]
