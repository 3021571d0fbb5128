"""The real-TT-Metalium checks run last in a session, so that they see every kernel the session
compiled (ttlang.kernel.COMPILED), and print one summary line."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(session, config, items):
    ours = [it for it in items if HERE in Path(str(it.fspath)).resolve().parents]
    if ours:
        rest = [it for it in items if it not in set(ours)]
        items[:] = rest + ours


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    from .real_headers import STATS, VERSION

    if STATS.skipped:
        terminalreporter.write_line(f"TT-Metalium v0.81.1 checks skipped: {STATS.skipped}")
    elif STATS.kernels or STATS.symbols or STATS.declarations:
        terminalreporter.write_line(STATS.line())
    from tests.emulator.ttnn.test_matmul import RESULTS

    from .ttnn_kernels import SESSION

    parts = []
    if SESSION.survey:
        parts.append(f"{SESSION.survey.compiled}/{SESSION.survey.total} compile")
    if RESULTS:
        parts.append(f"{sum(ok for _, ok in RESULTS)}/{len(RESULTS)} production programs match numpy")
    if parts:
        terminalreporter.write_line(f"TT-NN {VERSION} kernels: " + ", ".join(parts))
        if SESSION.survey and SESSION.survey.ranking:
            terminalreporter.write_line(SESSION.survey.report(15))
