// JIT compilation of kernels with the host C++ compiler, as tt-metal JIT-compiles them for the
// RISC-V cores: one shared object per distinct (source, compile-time args, defines, CB
// descriptors, compute config), cached on disk and loaded once per process.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "device.hpp"

namespace ttemu {

struct JitRequest {
    std::string path;  // kernel source
    bool is_compute = false;
    std::vector<uint32_t> compile_args;
    std::map<std::string, uint32_t> named_args;  // named compile-time args
    std::map<std::string, std::string> defines;
    std::vector<std::filesystem::path> include_paths;
    std::string descriptors;  // text of ttemu_descriptors.h (CB page sizes and formats)
    // compute config
    uint8_t math_fidelity = 4;
    bool fp32_dest_acc_en = false;
    bool dst_full_sync_en = false;
    bool math_approx_mode = false;
    std::vector<uint8_t> unpack_to_dest_fp32;
};

// Compiles (in parallel) whatever is not cached and loads every kernel; throws on a compile error.
std::vector<const KernelImage*> jit_compile(const std::vector<JitRequest>& requests);

// The directory of kernel objects: $TTEMU_CACHE_DIR, else $TTLANG_CACHE_DIR/emulator/kernels,
// else $XDG_CACHE_HOME/ttlang/emulator/kernels (~/.cache/...).
std::filesystem::path kernel_cache_dir();

}  // namespace ttemu
