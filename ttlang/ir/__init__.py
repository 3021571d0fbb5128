"""The tile-level IR: nodes, ops, traversals, printer, verifier and passes."""

from . import nodes
from .ops import Op

__all__ = ["Op", "nodes"]
