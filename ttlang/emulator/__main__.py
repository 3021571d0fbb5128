"""python -m ttlang.emulator --cflags | --libs | --pc | --cmake

Prints the flags to build a TT-Metalium host program against the emulator:

    g++ -std=c++20 $(python -m ttlang.emulator --cflags) host.cpp $(python -m ttlang.emulator --libs) -o prog

or the same as a pkg-config file (--pc) or a CMake snippet defining the imported target
ttemu::ttemu (--cmake). docs/emulator.md shows all three.
"""

from __future__ import annotations

import argparse
import sys

from . import build


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m ttlang.emulator", description=__doc__.split("\n\n")[0]
    )
    ap.add_argument("--cflags", action="store_true", help="compiler flags (include paths)")
    ap.add_argument(
        "--libs", action="store_true", help="linker flags (builds libttemu.so on first use)"
    )
    ap.add_argument("--pc", action="store_true", help="a pkg-config .pc file for the emulator")
    ap.add_argument(
        "--cmake", action="store_true", help="a CMake snippet defining the target ttemu::ttemu"
    )
    a = ap.parse_args(argv)
    try:
        if a.pc:
            print(pkg_config())
            return 0
        if a.cmake:
            print(cmake())
            return 0
        out = []
        if a.cflags:
            out.append(build.cflags())
        if a.libs:
            out.append(build.libs())
        if not out:
            ap.print_help()
            return 2
        print(" ".join(out))
        return 0
    except build.ToolchainError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


def pkg_config() -> str:
    """ttemu.pc: the flags of --cflags and --libs for `pkg-config --cflags --libs ttemu`."""
    d = build.lib_dir()
    return (
        f"includedir={build.INCLUDE_DIR}\nlibdir={d}\n\n"
        "Name: ttemu\nDescription: TT-Metalium v0.81.1 on the CPU (ttlang emulator)\n"
        "Version: 0.81.1\nCflags: -std=c++20 -I${includedir}\n"
        "Libs: -L${libdir} -lttemu -Wl,-rpath,${libdir}"
    )


def cmake() -> str:
    """A CMake snippet: the imported library ttemu::ttemu with its include path and C++20."""
    lib = build.lib_dir() / build.LIB_NAME
    return f"""\
# ttemu: TT-Metalium v0.81.1 on the CPU (ttlang emulator), from `python -m ttlang.emulator --cmake`.
# Use: include() this file, then target_link_libraries(<host program> PRIVATE ttemu::ttemu).
if(NOT TARGET ttemu::ttemu)
  add_library(ttemu::ttemu SHARED IMPORTED)
  set_target_properties(ttemu::ttemu PROPERTIES
    IMPORTED_LOCATION "{lib}"
    INTERFACE_INCLUDE_DIRECTORIES "{build.INCLUDE_DIR}"
    INTERFACE_COMPILE_FEATURES cxx_std_20)
endif()"""


if __name__ == "__main__":
    sys.exit(main())
