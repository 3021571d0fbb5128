#pragma once

#include <cstdint>
#include <ostream>
#include <stdexcept>

#include "ttemu/data_format.h"

namespace tt {

enum class ARCH { WORMHOLE_B0 = 2, BLACKHOLE = 3, QUASAR = 4, Invalid = 0xFF };

inline const char* data_format_name(DataFormat f) {
    switch (f) {
        case DataFormat::Float32: return "Float32";
        case DataFormat::Float16: return "Float16";
        case DataFormat::Bfp8: return "Bfp8";
        case DataFormat::Bfp4: return "Bfp4";
        case DataFormat::Tf32: return "Tf32";
        case DataFormat::Float16_b: return "Float16_b";
        case DataFormat::Bfp8_b: return "Bfp8_b";
        case DataFormat::Bfp4_b: return "Bfp4_b";
        case DataFormat::Int32: return "Int32";
        case DataFormat::UInt16: return "UInt16";
        case DataFormat::Lf8: return "Lf8";
        case DataFormat::Bfp2: return "Bfp2";
        case DataFormat::Int8: return "Int8";
        case DataFormat::Bfp2_b: return "Bfp2_b";
        case DataFormat::UInt32: return "UInt32";
        case DataFormat::Fp8_e4m3: return "Fp8_e4m3";
        case DataFormat::UInt8: return "UInt8";
        default: return "Invalid";
    }
}

inline std::ostream& operator<<(std::ostream& os, const DataFormat& f) { return os << data_format_name(f); }

// Bytes per datum; block-float formats have none.
constexpr static uint32_t datum_size(const DataFormat& f) {
    switch (f) {
        case DataFormat::Float16:
        case DataFormat::Float16_b:
        case DataFormat::UInt16: return 2;
        case DataFormat::Float32:
        case DataFormat::Int32:
        case DataFormat::UInt32: return 4;
        case DataFormat::Fp8_e4m3:
        case DataFormat::Int8:
        case DataFormat::Lf8:
        case DataFormat::UInt8: return 1;
        default: throw std::invalid_argument("datum_size: format has no fixed datum size");
    }
}

// Bytes per 32x32 tile.
constexpr static uint32_t tile_size(const DataFormat& f) {
    switch (f) {
        case DataFormat::Bfp2:
        case DataFormat::Bfp2_b: return 320;
        case DataFormat::Bfp4:
        case DataFormat::Bfp4_b: return 576;
        case DataFormat::Bfp8:
        case DataFormat::Bfp8_b: return 1088;
        case DataFormat::Float16:
        case DataFormat::Float16_b:
        case DataFormat::UInt16: return 2048;
        case DataFormat::Float32:
        case DataFormat::Int32:
        case DataFormat::UInt32: return 4096;
        case DataFormat::Fp8_e4m3:
        case DataFormat::Int8:
        case DataFormat::Lf8:
        case DataFormat::UInt8: return 1024;
        default: throw std::invalid_argument("tile_size: invalid data format");
    }
}

}  // namespace tt
