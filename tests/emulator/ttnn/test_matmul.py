"""TT-NN's production matmul (2D multicast, the wheel's unmodified kernels) on the emulator,
checked against a float64 reference at the format's tolerance. Marked ``metalium``: the kernels
come from the ttnn 0.81.1 wheel the real-header checks download."""

from __future__ import annotations

import pytest

from tests.metalium import real_headers as rh

from . import driver

pytestmark = pytest.mark.metalium

RESULTS: list[tuple[str, bool]] = []  # (program, matched numpy) for the metalium summary line

CASES = {  # id -> arguments
    "bf16-2x2": "--M 256 --K 256 --N 256 --grid 2x2",
    "bf16-4x4-fp32acc-l1acc": "--M 512 --K 1024 --N 768 --grid 4x4 --fp32-acc 1 --packer-l1-acc 1 --in0-block-w 2",
    "bfp8b-3x2-hifi2": "--M 256 --K 512 --N 384 --grid 3x2 --dtype bfp8_b --fidelity HiFi2",
    "bf16-padded-4x3": "--M 320 --K 256 --N 448 --grid 4x3 --per-core-M 4 --per-core-N 4",
    "bfp8b-8x8-lofi": "--M 1024 --K 512 --N 1024 --grid 8x8 --dtype bfp8_b --fidelity LoFi --fp32-acc 1",
    # Each core walks 2 x 2 out blocks of its 4 x 4 share (GEMM_FLOPS's num_out_blocks_h / _w).
    "bf16-2x2-out-blocks": "--M 256 --K 256 --N 256 --grid 2x2 --out-block-h 2 --out-block-w 2 --packer-l1-acc 1",
    "bfp8b-4x2-out-blocks": "--M 384 --K 192 --N 512 --grid 4x2 --dtype bfp8_b --out-block-h 3 --out-block-w 2 "
    "--in0-block-w 2 --fidelity HiFi2",
}


@pytest.fixture(scope="module")
def wheel():
    try:
        return driver.kernels_root()
    except rh.WheelUnavailable as e:
        pytest.skip(f"ttnn {rh.VERSION} wheel unavailable: {e}")


@pytest.mark.parametrize("case", list(CASES))
def test_matmul_2d_mcast(wheel, case):
    proc = driver.run("matmul", CASES[case].split())
    ok = proc.returncode == 0 and "PASS" in proc.stdout
    RESULTS.append((f"matmul-2d-mcast[{case}]", ok))
    assert ok, proc.stdout[-2000:] + proc.stderr[-3000:]
