"""Executes every tutorial notebook (tutorials/*.ipynb) top to bottom in a fresh Jupyter kernel;
a cell that raises fails the test.

The kernel is this very interpreter (sys.executable, virtualenv or not), started from a kernelspec
the test writes into a temporary directory: the user's own "python3" kernelspec may run another
interpreter (one without ttlang, or another virtualenv's), and the test leaves the user's
kernelspecs alone. The kernel also gets the repository on its PYTHONPATH, so it imports the same
ttlang as the tests.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
TUTORIALS = ROOT / "tutorials"
NOTEBOOKS = sorted(TUTORIALS.glob("*.ipynb"))
KERNEL_NAME = "ttlang-tests"
CELL_TIMEOUT = 600  # seconds per cell


def _kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


@pytest.fixture(scope="session")
def kernel_specs(tmp_path_factory) -> KernelSpecManager:
    """A kernelspec directory holding one kernel: this interpreter running ipykernel."""
    kernels = tmp_path_factory.mktemp("kernels")
    spec = kernels / KERNEL_NAME
    spec.mkdir()
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "ttlang tests", "language": "python"})
    )
    return KernelSpecManager(kernel_dirs=[str(kernels)])


def _kernel_manager(specs: KernelSpecManager) -> AsyncKernelManager:
    return AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs)


def test_tutorials_exist():
    assert NOTEBOOKS, f"no tutorial notebooks (*.ipynb) in {TUTORIALS}"


# With no notebooks, one failing case instead of an empty (skipped) parametrization.
@pytest.mark.timeout(3600)
@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS] or ["<no notebooks>"])
def test_tutorial_runs(name, kernel_specs):
    path = TUTORIALS / name
    assert path.is_file(), f"no tutorial notebooks (*.ipynb) in {TUTORIALS}"
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        km=_kernel_manager(kernel_specs),
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


def test_notebooks_run_in_this_interpreter(kernel_specs):
    """The kernel is the tests' interpreter (a user's "python3" kernelspec may name another)."""
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("import sys, ttlang\nprint(sys.executable)"))
    NotebookClient(nb, km=_kernel_manager(kernel_specs), timeout=CELL_TIMEOUT).execute(
        env=_kernel_env()
    )
    (out,) = nb.cells[0].outputs
    assert out["text"].strip() == sys.executable
