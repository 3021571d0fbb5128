"""Core mapping: which core runs which program of a launch grid.

A grid (rows, cols) runs program (r, c) on core (x=c, y=r); an int grid n runs programs
0..n-1 row-major over the device grid. tt.program_id / tt.num_programs become per-core and
common runtime arguments, so one compiled program serves every grid.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...arch import Arch


@dataclass(frozen=True)
class CoreMap:
    dims: tuple[int, int]  # num_programs(0), num_programs(1)
    cores: tuple[tuple[int, int], ...]  # (x, y) per program, in program order
    pids: tuple[tuple[int, int], ...]  # (program_id(0), program_id(1)) per program


class GridError(ValueError):
    pass


def map_grid(grid, arch: Arch) -> CoreMap:
    if isinstance(grid, int) and not isinstance(grid, bool):
        n = grid
        if n < 1:
            raise GridError(f"the grid must have at least one program, got {n}")
        if n > arch.num_cores:
            raise GridError(
                f"grid {n} is larger than the {arch.grid_y}x{arch.grid_x} = {arch.num_cores} cores of the {arch.title}"
            )
        cores = tuple((i % arch.grid_x, i // arch.grid_x) for i in range(n))
        return CoreMap((n, 1), cores, tuple((i, 0) for i in range(n)))
    if isinstance(grid, tuple) and len(grid) == 1:
        return map_grid(grid[0], arch)
    if (
        isinstance(grid, tuple)
        and len(grid) == 2
        and all(isinstance(g, int) and not isinstance(g, bool) for g in grid)
    ):
        rows, cols = grid
        if rows < 1 or cols < 1:
            raise GridError(f"grid {grid} must have at least one program along each axis")
        if rows > arch.grid_y or cols > arch.grid_x:
            raise GridError(
                f"grid ({rows}, {cols}) is larger than the {arch.grid_y}x{arch.grid_x} core grid of the {arch.title}"
            )
        cores = tuple((c, r) for r in range(rows) for c in range(cols))
        pids = tuple((r, c) for r in range(rows) for c in range(cols))
        return CoreMap((rows, cols), cores, pids)
    raise GridError(f"a grid is an int or a (rows, cols) tuple of ints, got {grid!r}")
