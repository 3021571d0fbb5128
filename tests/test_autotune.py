"""@tt.autotune (ttlang/tuning.py): the config of fewest modeled cycles wins, by the same
profile a user gets from tt.profile; the choice is stored per key and reused without tuning
again; configs that fail are reported; the options a config sets are compiled in; bad
decorators and arguments are clear errors."""

from __future__ import annotations

import numpy as np
import pytest

import ttlang as tt
from tests.helpers import BF16, f32, rand
from ttlang import tuning
from ttlang import profiling
from ttlang.examples import matmul

BLOCKS = [(1, 1, 1), (2, 2, 2), (2, 1, 4)]


def grid_of(n):
    return lambda cfg: (n // 32 // cfg["BM"], n // 32 // cfg["BN"])


@pytest.fixture
def store(tmp_path, monkeypatch):
    """Each test its own file of stored choices."""
    path = tmp_path / "autotune.json"
    monkeypatch.setattr(tuning.Autotuner, "_file", lambda self: path)
    return path


def tuner(configs=None, key=("a", "b")):
    configs = configs or [tt.Config({"BM": m, "BN": n, "BK": k}) for m, n, k in BLOCKS]
    return tt.autotune(configs=configs, key=list(key))(matmul.matmul_grid)


def test_the_config_of_fewest_modeled_cycles_wins_and_the_result_is_right(store):
    t = tuner()
    a, b = rand((128, 128), BF16, seed=1), rand((128, 128), BF16, seed=2)
    c = np.zeros((128, 128), BF16)
    t[grid_of(128)](a, b, c)
    # Each score is the profile of that config's launch.
    for (bm, bn, bk), cfg in zip(BLOCKS, t.configs):
        p = tt.profile(matmul.matmul_grid[(4 // bm, 4 // bn)], a, b, np.zeros_like(c), bm, bn, bk)
        assert t.scores[cfg] == p.cycles
    assert t.scores[t.best_config] == min(t.scores.values())
    want = f32(a) @ f32(b)
    np.testing.assert_allclose(f32(c), want, rtol=2**-7, atol=2**-7 * np.abs(want).max())
    assert "* " + str(t.best_config) in t.report()


def test_the_choice_is_stored_per_key_and_reused_without_tuning(store, monkeypatch):
    a = rand((128, 128), BF16)
    tuner()[grid_of(128)](a, a, np.zeros_like(a))
    first = tuner()  # another process would see the same file

    def no_tuning(*args, **kwargs):
        raise AssertionError("tuned again")

    monkeypatch.setattr(profiling, "profile", no_tuning)
    c = np.zeros_like(a)
    first[grid_of(128)](a, a, c)
    assert first.best_config is not None and first.scores  # from the file
    np.testing.assert_allclose(f32(c), f32(a) @ f32(a), rtol=2**-7, atol=0.5)
    # Another shape is another key: it tunes (and here, fails to).
    b = rand((64, 64), BF16)
    with pytest.raises(AssertionError, match="tuned again"):
        first[grid_of(64)](b, b, np.zeros_like(b))


def test_a_config_that_fails_is_reported_and_the_others_compete(store):
    # Blocks of 4x64 and 64x4 tiles, two of each, need 2 MiB of CBs: more than a core's L1.
    configs = [tt.Config({"BM": 4, "BN": 4, "BK": 64}), tt.Config({"BM": 4, "BN": 4, "BK": 2})]
    t = tuner(configs)
    a = rand((128, 2048), BF16)
    b = rand((2048, 128), BF16)
    t[(1, 1)](a, b, np.zeros((128, 128), BF16))
    assert t.best_config == configs[1]
    assert t.scores[configs[0]] is None and configs[0] in t.errors
    assert "failed:" in t.report()


def test_options_a_config_sets_are_compiled_in(store):
    configs = [tt.Config({"BM": 2, "BN": 2, "BK": 2}), tt.Config({"BM": 2, "BN": 2, "BK": 2}, math_fidelity="LoFi")]
    t = tuner(configs)
    a = rand((128, 128), BF16)
    t[grid_of(128)](a, a, np.zeros_like(a))
    assert t.best_config == configs[1]  # one pass through the matrix engine instead of four
    assert t.scores[configs[1]] < t.scores[configs[0]]
    assert t.variant(configs[1]).options.math_fidelity == "LoFi"


def test_print_autotuning(store, monkeypatch, capsys):
    monkeypatch.setenv("TTLANG_PRINT_AUTOTUNING", "1")
    a = rand((64, 64), BF16)
    tuner([tt.Config({"BM": 1, "BN": 1, "BK": 1})])[grid_of(64)](a, a, np.zeros_like(a))
    assert "autotuned matmul_grid: best BM=1, BN=1, BK=1" in capsys.readouterr().err


def test_bad_decorators_and_launches_are_clear_errors(store):
    with pytest.raises(ValueError, match="'X' is not a tt.constexpr parameter"):
        tuner([tt.Config({"X": 1})])
    with pytest.raises(ValueError, match="key 'BM' is not one of the parameters the caller passes"):
        tuner(key=("BM",))
    with pytest.raises(ValueError, match="every config must set the same parameters"):
        tuner([tt.Config({"BM": 1, "BN": 1, "BK": 1}), tt.Config({"BM": 1})])
    with pytest.raises(TypeError, match="goes above @tt.kernel"):
        tt.autotune(configs=[tt.Config()])(lambda a: a)
    a = rand((64, 64), BF16)
    with pytest.raises(tt.TTLangLaunchError, match="is missing argument") as e:
        tuner()[(1, 1)](a, a)
    assert e.value.loc is not None and e.value.loc.file == __file__
    with pytest.raises(tt.TTLangLaunchError, match="device tensor"):
        tuner()[(1, 1)](tt.to_device(a), a, np.zeros_like(a))


def test_a_config_whose_results_differ_from_the_first_is_refused(store):
    # On a fixed 2x2 grid, 1x1-tile blocks cover a quarter of c: fastest, and wrong.
    configs = [tt.Config({"BM": 2, "BN": 2, "BK": 2}), tt.Config({"BM": 1, "BN": 1, "BK": 2})]
    t = tuner(configs)
    a = rand((128, 128), BF16)
    c = np.zeros_like(a)
    t[(2, 2)](a, a, c)
    assert t.best_config == configs[0] and t.scores[configs[1]] is None
    assert "argument 'c' differs from that of BM=2, BN=2, BK=2" in t.errors[configs[1]]
    np.testing.assert_allclose(f32(c), f32(a) @ f32(a), rtol=2**-7, atol=0.5)
