"""Device tensors: data that stays in emulated DRAM between launches (tt.to_device, tt.empty,
tensor.numpy()), mixed with numpy arguments, and their errors."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import ttlang as tt
from tests.helpers import BF16, rand
from ttlang.examples.reductions import column_sums
from ttlang.launch import runtime

HERE = __file__


@tt.kernel
def scale_add(a, b, c, s):
    for t in tt.program_range(c.num_tiles):
        c[t] = a[t] * s + b[t]


@tt.kernel
def add_one(a, c):
    for t in tt.program_range(c.num_tiles):
        c[t] = a[t] + 1.0


@tt.kernel
def square(a, c):
    for t in tt.program_range(c.num_tiles):
        c[t] = a[t] * a[t]


def copies() -> dict:
    return {k: runtime.transfers[k] for k in ("to_device", "to_host")}


def test_round_trip_keeps_shape_dtype_and_data():
    for shape, dt in [((32, 32), np.float32), ((33, 70), np.float32), ((1, 5), BF16)]:
        a = rand(shape, dt)
        d = tt.to_device(a)
        assert d.shape == shape and d.dtype == np.dtype(dt)
        assert d.tile_shape == (-(-shape[0] // 32), -(-shape[1] // 32))
        back = d.numpy()
        assert back.dtype == np.dtype(dt) and back.shape == shape
        np.testing.assert_array_equal(back, a)
        np.testing.assert_array_equal(np.asarray(d), a)


def test_repr_names_shape_dtype_and_device():
    d = tt.to_device(np.zeros((3, 40), BF16))
    assert repr(d) == (
        "tt.Tensor(shape=(3, 40), dtype=bfloat16, device='wormhole_b0', backend='emulator')"
    )
    d.free()
    assert repr(d).endswith("freed)") and d.freed


def test_chain_of_kernels_stays_on_the_device():
    """k1 -> k2 -> k3 on device tensors: the numpy answer, and not one copy to or from the host
    between to_device and the final numpy()."""
    a, b = rand((64, 96)), rand((64, 96), seed=1)
    da, db = tt.to_device(a), tt.to_device(b)
    t1, t2, out = (tt.empty((64, 96)) for _ in range(3))
    before = copies()
    scale_add[4](da, db, t1, 2.0)  # t1 = 2a + b
    square[3](t1, t2)  # t2 = t1^2
    scale_add[(2, 2)](t2, t1, out, -1.0)  # out = t1 - t2
    assert copies() == before  # no host round trip
    t = 2 * a + b
    np.testing.assert_allclose(out.numpy(), t - t * t, rtol=1e-5, atol=1e-5)
    assert runtime.transfers["to_host"] == before["to_host"] + 1  # numpy() is the one copy back


def test_outputs_given_as_device_tensors_are_written_in_place():
    a = rand((40, 50))
    d = tt.to_device(a)
    add_one[2](d, d)  # in place, twice
    add_one[2](d, d)
    np.testing.assert_allclose(d.numpy(), a + 2, rtol=1e-6)


def test_numpy_and_device_arguments_mix():
    a, b = rand((64, 64)), rand((64, 64), seed=2)
    db = tt.to_device(b)
    c = np.zeros((64, 64), np.float32)
    scale_add[2](a, db, c, 3.0)  # numpy in, device in, numpy out
    np.testing.assert_allclose(c, a * 3 + b, rtol=1e-6)
    dc = tt.empty((64, 64))
    before = copies()
    scale_add[2](a, db, dc, 3.0)  # numpy in: one copy to the device, none back
    assert copies() == {"to_device": before["to_device"] + 1, "to_host": before["to_host"]}
    np.testing.assert_allclose(dc.numpy(), a * 3 + b, rtol=1e-6)


def test_device_tensors_share_the_numpy_specialisation():
    @tt.kernel
    def neg(a, c):
        for t in tt.program_range(c.num_tiles):
            c[t] = -a[t]

    a = rand((64, 32))
    c = np.zeros_like(a)
    neg[1](a, c)
    d = tt.empty((64, 32))
    neg[1](tt.to_device(a), d)
    assert len(neg._compiled) == 1  # same dtype and unit dims: the same program
    np.testing.assert_array_equal(d.numpy(), c)
    neg[1](tt.to_device(a.astype(BF16)), tt.empty((64, 32), tt.bfloat16))
    neg[1](tt.to_device(a[:1]), tt.empty((1, 32)))  # a unit dim specialises, as for numpy
    assert len(neg._compiled) == 3


@pytest.mark.parametrize("shape", [(33, 65), (1, 100), (70, 1), (5, 7)])
def test_bfloat16_odd_shapes(shape):
    a, b = rand(shape, BF16), rand(shape, BF16, seed=3)
    out = tt.empty(shape, tt.bfloat16)
    scale_add[2](tt.to_device(a), tt.to_device(b), out, 0.5)
    expected = (a.astype(np.float32) * 0.5 + b.astype(np.float32)).astype(BF16)
    got = out.numpy()
    assert got.dtype == np.dtype(BF16)
    np.testing.assert_allclose(got.astype(np.float32), expected.astype(np.float32), rtol=1e-2)


@pytest.mark.parametrize("dt", [np.float32, BF16])
def test_padding_stays_zero_for_the_next_kernel(dt):
    """add_one writes 1.0 into the padding of its edge tiles; the column sums of the next kernel
    read that padding: the runtime must have zeroed it again on the device."""
    a = rand((33, 70), dt)
    x = tt.empty((33, 70), dt)
    add_one[2](tt.to_device(a), x)
    sums = tt.empty((1, 70), dt)
    before = copies()
    column_sums[2](x, sums)
    assert copies() == before
    expected = (a.astype(np.float32) + 1).sum(axis=0, keepdims=True)
    rtol = 1e-5 if dt is np.float32 else 2e-2
    np.testing.assert_allclose(sums.numpy().astype(np.float32), expected, rtol=rtol, atol=rtol)


def test_empty_is_zero_filled():
    d = tt.empty((40, 33), tt.bfloat16)
    assert d.dtype == np.dtype(BF16)
    assert not d.numpy().astype(np.float32).any()


def test_to_device_converts_with_a_dtype():
    a = np.arange(12.0).reshape(3, 4)  # float64
    d = tt.to_device(a, tt.bfloat16)
    assert d.dtype == np.dtype(BF16)
    np.testing.assert_array_equal(d.numpy().astype(np.float64), a)
    assert tt.to_device(d) is d


def test_concurrent_chains_from_threads():
    results = {}

    def work(i):
        a = rand((64, 64), seed=10 + i)
        d, out = tt.to_device(a), tt.empty((64, 64))
        for _ in range(3):
            add_one[2](d, out)
            add_one[2](out, d)
        results[i] = np.allclose(d.numpy(), a + 6, rtol=1e-6)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {0: True, 1: True, 2: True, 3: True}


# -- errors --------------------------------------------------------------------------------


def _line(needle: str) -> int:
    with open(HERE) as f:
        return next(i for i, line in enumerate(f, 1) if needle in line and "_line(" not in line)


def test_a_freed_tensor_is_a_launch_error_at_the_call():
    d = tt.to_device(rand((32, 32)))
    d.free()
    d.free()  # twice is fine
    with pytest.raises(tt.TTLangLaunchError) as info:
        add_one[1](d, np.zeros((32, 32), np.float32))  # freed input
    e = info.value
    assert "argument 'a' is a device tensor that was freed" in str(e)
    assert (e.loc.file, e.loc.line) == (HERE, _line("add_one[1](d, np.zeros((32, 32)"))
    assert e.__cause__ is None and e.__suppress_context__
    with pytest.raises(tt.TTLangLaunchError, match="this device tensor was freed"):
        d.numpy()


def test_a_tensor_of_another_device_is_a_launch_error():
    d = tt.to_device(rand((32, 32)), arch="blackhole")
    assert d.arch == "blackhole"
    with pytest.raises(tt.TTLangLaunchError) as info:
        add_one[1](d, tt.empty((32, 32)))
    msg = str(info.value)
    assert "argument 'a' is a device tensor on the blackhole device" in msg
    assert "runs on the wormhole_b0 device" in msg and "arch='wormhole_b0'" in msg


@pytest.mark.parametrize(
    "bad, message",
    [
        (np.ones((4, 4), np.float64), "takes np.float32 or ml_dtypes.bfloat16 arrays, got float64"),
        (np.ones(8, np.float32), "device tensors have 2 or more dimensions, got shape (8,)"),
        (np.ones((0, 3), np.float32), "cannot be empty"),
    ],
)
def test_to_device_rejects_what_kernels_reject(bad, message):
    with pytest.raises(tt.TTLangLaunchError) as info:
        tt.to_device(bad)
    assert message in str(info.value)
    assert info.value.loc.file == HERE


def test_a_read_only_output_array_is_a_launch_error():
    c = np.zeros((32, 32), np.float32)
    c.flags.writeable = False
    with pytest.raises(tt.TTLangLaunchError, match="argument 'c' is a read-only array"):
        add_one[1](tt.to_device(rand((32, 32))), c)
