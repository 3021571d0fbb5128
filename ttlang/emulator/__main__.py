"""python -m ttlang.emulator --cflags | --libs | --pc

Prints the flags to build a TT-Metalium host program against the emulator:

    g++ -std=c++20 $(python -m ttlang.emulator --cflags) host.cpp $(python -m ttlang.emulator --libs) -o prog
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
    a = ap.parse_args(argv)
    try:
        if a.pc:
            d = build.lib_dir()
            print(
                f"prefix={d}\nName: ttemu\nDescription: TT-Metalium v0.81.1 on the CPU (ttlang emulator)\n"
                f"Version: 0.81.1\nCflags: {build.cflags()}\nLibs: {build.libs()}"
            )
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


if __name__ == "__main__":
    sys.exit(main())
