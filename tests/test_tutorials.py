"""Executes every tutorial notebook (tutorials/*.ipynb) top to bottom in a fresh Jupyter kernel;
a cell that raises fails the test.

The notebooks run in the "python3" kernel. The kernelspec must start an interpreter that can import
ttlang: the one shipped with ipykernel runs `python`, which jupyter_client maps to this very
interpreter. If there is no "python3" kernelspec, or it runs another interpreter that cannot import
ttlang, one is installed for this interpreter (`ipykernel.kernelspec.install(user=True)`). The
kernel also gets the repository on its PYTHONPATH, so it imports the same ttlang as the tests.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
TUTORIALS = ROOT / "tutorials"
NOTEBOOKS = sorted(TUTORIALS.glob("*.ipynb"))
KERNEL_NAME = "python3"
CELL_TIMEOUT = 600  # seconds per cell


def _kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def _spec_interpreter() -> str | None:
    """The interpreter the "python3" kernelspec starts, or None if there is no such kernelspec."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        return None
    exe = spec.argv[0]
    # jupyter_client starts `python`, `python3` and `python3.X` as sys.executable.
    if exe in {
        "python",
        f"python{sys.version_info[0]}",
        f"python{sys.version_info[0]}.{sys.version_info[1]}",
    }:
        return sys.executable
    return exe


def _can_import_ttlang(exe: str) -> bool:
    try:
        if os.path.samefile(exe, sys.executable):
            return True
    except OSError:
        pass
    try:
        r = subprocess.run(
            [exe, "-c", "import ipykernel, ttlang"],
            env=_kernel_env(),
            capture_output=True,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return r.returncode == 0


@pytest.fixture(scope="session")
def python3_kernel() -> str:
    """Makes sure the "python3" kernelspec exists and runs an interpreter that imports ttlang."""
    exe = _spec_interpreter()
    if exe is None or not _can_import_ttlang(exe):
        from ipykernel.kernelspec import install

        install(user=True, kernel_name=KERNEL_NAME)  # for sys.executable
        exe = _spec_interpreter()
    if exe is None or not _can_import_ttlang(exe):
        pytest.fail(
            f"the Jupyter kernelspec '{KERNEL_NAME}' runs {exe!r}, which cannot import ttlang; "
            f"run `{sys.executable} -m ipykernel install --user` or remove the stale kernelspec "
            "(`jupyter kernelspec list`)"
        )
    return KERNEL_NAME


def test_tutorials_exist():
    assert NOTEBOOKS, f"no tutorial notebooks (*.ipynb) in {TUTORIALS}"


# With no notebooks, one failing case instead of an empty (skipped) parametrization.
@pytest.mark.timeout(3600)
@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS] or ["<no notebooks>"])
def test_tutorial_runs(name, python3_kernel):
    path = TUTORIALS / name
    assert path.is_file(), f"no tutorial notebooks (*.ipynb) in {TUTORIALS}"
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=python3_kernel,
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(TUTORIALS)}},  # the kernel's cwd
    )
    error = None
    try:
        client.execute(env=_kernel_env())
    except CellExecutionError as e:
        error = re.sub(r"\x1b\[[0-9;]*m", "", str(e))  # without the traceback's colours
    if error is not None:
        pytest.fail(f"{name}: a cell raised\n{error}", pytrace=False)
