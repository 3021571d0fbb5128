"""Fake tt-metal checkouts (TT_METAL_HOME) for the tests of the metalium backend and of exported
projects, on a machine with neither TT-Metalium nor a Tenstorrent device.

- `layout(root)`: the files and directories a built checkout has where the metalium backend
  looks for them, all empty: enough to derive the compile command lines, not to compile.
- `standin(root)`: a checkout whose headers are the emulator's and whose build/lib/libtt_metal.so
  is a thin library over the emulator (libttemu.so), with a TT-Metalium CMake package
  (TT::Metalium): programs built against it as against TT-Metalium run, on the emulator. Its
  CreateKernel logs every kernel path it is handed (one per line) to $TTLANG_TEST_KERNEL_LOG,
  then calls the emulator's.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ttlang.emulator import build as emu_build

CPM = {  # CPM cache entries of the header-only dependencies: name -> the include dir in it
    "fmt/1a2b3c": "include",
    "nlohmann_json/4d5e6f": "include",
    "enchantum/777777": "include",
    "reflect/0f0f0f": "",  # a single header, `reflect`, at the top
}

SHIM = r"""
// libtt_metal.so stand-in: the emulator, with CreateKernel logging the kernel paths it is handed.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <string>

using CreateKernelFn = uint32_t (*)(void*, const std::string&, const void*, const void*);

// tt::tt_metal::CreateKernel(Program&, const std::string&, const variant<...>&, const variant<...>&)
// by its mangled name (references are pointers in the ABI).
uint32_t create_kernel(void* program, const std::string& path, const void* cores, const void* config)
    __asm__(SYMBOL);
uint32_t create_kernel(void* program, const std::string& path, const void* cores, const void* config) {
    if (const char* log = std::getenv("TTLANG_TEST_KERNEL_LOG")) {
        if (FILE* f = std::fopen(log, "a")) {
            std::fprintf(f, "%s\n", path.c_str());
            std::fclose(f);
        }
    }
    static const auto next = reinterpret_cast<CreateKernelFn>(dlsym(RTLD_NEXT, SYMBOL));
    return next(program, path, cores, config);
}
"""

CONFIG = """\
# TT-Metalium package stand-in: TT::Metalium is the emulator behind libtt_metal.so (linked after
# it, as the real package's interface links its own dependencies: UMD, fmt, ...).
if(NOT TARGET TT::Metalium)
  add_library(TT::Metalium SHARED IMPORTED)
  set_target_properties(TT::Metalium PROPERTIES
    IMPORTED_LOCATION "{lib}"
    INTERFACE_LINK_LIBRARIES "{emu}"
    INTERFACE_INCLUDE_DIRECTORIES "{includes}"
    INTERFACE_COMPILE_FEATURES cxx_std_20)
endif()
set(TT-Metalium_FOUND TRUE)
"""


def layout(root: Path, lib_dir: str = "build/lib") -> Path:
    """An empty-file tt-metal checkout (see the module docstring)."""
    for d in (
        "tt_metal/hostdevcommon/api/hostdevcommon",
        "tt_stl/tt_stl",
        "tt_metal/third_party/umd/device/api/umd",
        "tt_metal/third_party/tracy/public",
        lib_dir,
    ):
        (root / d).mkdir(parents=True, exist_ok=True)
    (root / "tt_metal/api/tt-metalium").mkdir(parents=True, exist_ok=True)
    for f in ("host_api.hpp", "distributed.hpp"):
        (root / "tt_metal/api/tt-metalium" / f).touch()
    (root / lib_dir / "libtt_metal.so").touch()
    for entry, inc in CPM.items():
        d = root / ".cpmcache" / entry / inc
        d.mkdir(parents=True, exist_ok=True)
        if entry.startswith("reflect/"):
            (d / "reflect").touch()
    (root / ".cpmcache/googletest/999999/include").mkdir(parents=True)  # not a host dependency
    return root


def _create_kernel_symbol(libttemu: Path) -> str:
    names = subprocess.run(
        ["nm", "-D", "--defined-only", str(libttemu)], capture_output=True, text=True, check=True
    ).stdout.split()
    matches = [n for n in names if "CreateKernel" in n and n.startswith("_ZN2tt8tt_metal")]
    assert len(matches) == 1, matches
    return matches[0]


def standin(root: Path) -> Path:
    """A tt-metal checkout that is the emulator in disguise (see the module docstring)."""
    inc = emu_build.INCLUDE_DIR
    for link, target in (
        ("tt_metal/api", inc),  # <tt-metalium/...>, and the emulator's own headers
        ("tt_metal/hostdevcommon/api", inc),  # <hostdevcommon/...>
        ("tt_stl", inc),  # <tt_stl/...>
    ):
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        (root / link).symlink_to(target, target_is_directory=True)
    (root / "tt_metal/third_party/umd/device/api/umd").mkdir(parents=True)
    lib = root / "build/lib"
    lib.mkdir(parents=True)
    emu = emu_build.lib_dir()
    symbol = _create_kernel_symbol(emu / emu_build.LIB_NAME)
    (root / "shim.cpp").write_text(SHIM)
    subprocess.run(
        [
            emu_build.compiler(),
            "-std=c++20",
            "-O1",
            "-fPIC",
            "-shared",
            f'-DSYMBOL="{symbol}"',
            str(root / "shim.cpp"),
            "-Wl,-soname,libtt_metal.so",
            "-o",
            str(lib / "libtt_metal.so"),
            f"-L{emu}",
            "-Wl,--no-as-needed",  # nothing refers to it by name: it provides the whole API
            "-lttemu",
            f"-Wl,-rpath,{emu}",
            "-ldl",
        ],
        check=True,
        capture_output=True,
    )
    pkg = lib / "cmake/tt-metalium"
    pkg.mkdir(parents=True)
    includes = ";".join(
        str(root / d) for d in ("tt_metal/api", "tt_metal/hostdevcommon/api", "tt_stl")
    )
    (pkg / "tt-metalium-config.cmake").write_text(
        CONFIG.format(lib=lib / "libtt_metal.so", emu=emu / emu_build.LIB_NAME, includes=includes)
    )
    return root
