// Prints what the host helpers of tt-metalium compute, for the test driver to check:
//   prog bf16 <float>...                 bits of bfloat16(x) and bfloat16::truncate(x)
//   prog split <gx> <gy> <units> <row_wise>     split_work_to_cores, one line per field
//   prog split_set <units> <row_wise> <x0,y0,x1,y1>...   split_work_to_cores over a CoreRangeSet
//   prog tilize <m> <n> <in.f32> <out.f32>       tilize_nfaces (and checks untilize_nfaces)
//   prog bfp8 <in.f32> <out.bin> <back.f32>      pack_as_bfp8_tiles / unpack_bfp8_tiles_into_float_vec
//   prog bfp4 <in.f32> <out.bin> <back.f32>      pack_as_bfp4_tiles / unpack_bfp4_tiles_into_float_vec
//   prog misc                                   pack_two_bfloat16_into_uint32, vectors, is_close
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/bfloat4.hpp>
#include <tt-metalium/bfloat8.hpp>
#include <tt-metalium/tilize_utils.hpp>
#include <tt-metalium/work_split.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

using namespace tt::tt_metal;

static std::vector<float> read_f32(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::vector<char> b{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
    std::vector<float> v(b.size() / 4);
    std::memcpy(v.data(), b.data(), v.size() * 4);
    return v;
}

template <typename T>
static void write(const std::string& path, const std::vector<T>& v) {
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(v.data()), std::streamsize(v.size() * sizeof(T)));
}

static void print_set(const char* name, const CoreRangeSet& s) {
    std::printf("%s", name);
    for (const CoreRange& r : s.ranges())
        std::printf(" %zu,%zu-%zu,%zu", r.start_coord.x, r.start_coord.y, r.end_coord.x, r.end_coord.y);
    std::printf("\n");
}

static void print_split(const std::tuple<uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, uint32_t, uint32_t>& t) {
    const auto& [n, all, g1, g2, w1, w2] = t;
    std::printf("num_cores %u\n", n);
    print_set("all", all);
    print_set("group1", g1);
    print_set("group2", g2);
    std::printf("units %u %u\n", w1, w2);
}

int main(int argc, char** argv) {
    const std::string cmd = argc > 1 ? argv[1] : "";
    if (cmd == "bf16") {
        for (int i = 2; i < argc; ++i) {
            const float x = std::stof(argv[i]);
            const bfloat16 b(x);
            std::printf("%04x %04x %.9g\n", std::bit_cast<uint16_t>(b), std::bit_cast<uint16_t>(bfloat16::truncate(x)),
                        static_cast<float>(b));
        }
        // Construction from other arithmetic types, comparisons and arithmetic.
        const bfloat16 three(3), half(0.5), sum = three + half;
        std::printf("int %04x double %04x sum %g lt %d eq %d\n", std::bit_cast<uint16_t>(three),
                    std::bit_cast<uint16_t>(half), static_cast<float>(sum), int(half < three), int(bfloat16(3.0f) == three));
    } else if (cmd == "split") {
        print_split(split_work_to_cores(CoreCoord(std::stoul(argv[2]), std::stoul(argv[3])), std::stoul(argv[4]),
                                        std::string(argv[5]) == "1"));
    } else if (cmd == "split_set") {
        std::vector<CoreRange> ranges;
        for (int i = 4; i < argc; ++i) {
            unsigned x0, y0, x1, y1;
            std::sscanf(argv[i], "%u,%u,%u,%u", &x0, &y0, &x1, &y1);
            ranges.emplace_back(CoreCoord(x0, y0), CoreCoord(x1, y1));
        }
        print_split(split_work_to_cores(CoreRangeSet(std::move(ranges)), std::stoul(argv[2]), std::string(argv[3]) == "1"));
    } else if (cmd == "tilize") {
        const uint32_t m = std::stoul(argv[2]), n = std::stoul(argv[3]);
        const std::vector<float> in = read_f32(argv[4]);
        const std::vector<float> t = tilize_nfaces(in, m, n);
        if (untilize_nfaces(t, m, n) != in) throw std::runtime_error("untilize_nfaces(tilize_nfaces(x)) != x");
        const auto via_layout = convert_layout<float>(tt::stl::Span<const float>(in), PhysicalSize{m, n},
                                                      TensorLayoutType::LIN_ROW_MAJOR, TensorLayoutType::TILED_NFACES);
        if (via_layout != t) throw std::runtime_error("convert_layout != tilize_nfaces");
        std::vector<bfloat16> b(in.begin(), in.end());
        const auto bt = tilize_nfaces(b, m, n);
        for (size_t i = 0; i < t.size(); ++i)
            if (bt[i] != bfloat16(t[i])) throw std::runtime_error("tilize_nfaces<bfloat16> differs");
        write(argv[5], t);
    } else if (cmd == "bfp8" || cmd == "bfp4") {
        const bool b8 = cmd == "bfp8";
        auto pack = [&](auto span, bool row_major) {
            return b8 ? pack_as_bfp8_tiles(span, row_major, false) : pack_as_bfp4_tiles(span, row_major, false);
        };
        const std::vector<float> in = read_f32(argv[2]);
        const std::vector<uint32_t> packed = pack(tt::stl::Span<const float>(in), false);
        write(argv[3], packed);
        const tt::stl::Span<const uint32_t> words(packed);
        write(argv[4], b8 ? unpack_bfp8_tiles_into_float_vec(words, false, false)
                          : unpack_bfp4_tiles_into_float_vec(words, false, false));
        // Row-major input and output give the same bytes/values in row-major order.
        std::vector<float> rm(in.size());
        for (size_t t = 0; t < in.size() / 1024; ++t)
            for (size_t i = 0; i < 1024; ++i) {
                const size_t f = i / 256, r = (i / 16) % 16, c = i % 16;
                rm[t * 1024 + ((f / 2) * 16 + r) * 32 + (f % 2) * 16 + c] = in[t * 1024 + i];
            }
        if (pack(tt::stl::Span<const float>(rm), true) != packed)
            throw std::runtime_error("row_major_input packs differently");
        std::vector<bfloat16> b(in.begin(), in.end());
        write(std::string(argv[3]) + ".bf16", pack(tt::stl::Span<const bfloat16>(b), false));
    } else if (cmd == "misc") {
        std::printf("pack %08x\n", pack_two_bfloat16_into_uint32({bfloat16(1.0f), bfloat16(-2.0f)}));
        const auto v = create_random_vector_of_bfloat16_native(64, 2.0f, 7, -1.0f);
        float lo = 1e9f, hi = -1e9f;
        for (bfloat16 x : v) lo = std::min(lo, float(x)), hi = std::max(hi, float(x));
        std::printf("random %zu %d %d\n", v.size(), int(lo >= -1.0f), int(hi <= 1.0f));
        const auto packed = pack_bfloat16_vec_into_uint32_vec(v);
        std::printf("roundtrip %d\n", int(unpack_uint32_vec_into_bfloat16_vec(packed) == v));
        const auto id = create_identity_matrix(4, 4, 3);
        std::printf("identity");
        for (bfloat16 x : id) std::printf(" %g", float(x));
        std::printf("\nclose %d %d\n", int(is_close(1.0f, 1.005f)), int(is_close(1.0f, 1.5f)));
        std::printf("constant %08x\n", create_constant_vector_of_bfloat16(8, 1.5f)[1]);
    } else {
        throw std::invalid_argument("unknown command " + cmd);
    }
    return 0;
}
