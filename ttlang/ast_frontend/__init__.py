from .source import KernelSource, get_source
from .visitor import ParamSpec, build_ir

__all__ = ["KernelSource", "ParamSpec", "build_ir", "get_source"]
