// A single-core host for tile-level compute kernels, in the style of tt-metal's eltwise examples:
// up to two input streams of tiles (A into CB c_0, B into c_1) are read from DRAM by reader.cpp,
// the compute kernel produces tiles into c_16, writer.cpp stores them. The test driver prepares
// the inputs and checks the output (with numpy).
//
// The kernels are <kernel dir>/kernels/{reader,compute,writer}.cpp; a kernel directory without
// its own reader, compute or writer uses common/reader.cpp (all A tiles into c_0, then all B
// tiles into c_1), common/compute.cpp (a copy of c_0 into c_16) and common/writer.cpp next to it
// ("copy" is nothing but those). The reader's common runtime args are the inputs' addresses
// at words 0 and 2 (a Metal 2.0 reader's tensor bindings, see metal2/).
//
// Usage: prog <kernel dir> out=<file>:<format>:<tiles> [a=<file>:<format>] [b=<file>:<format>]
//             [fidelity=LoFi|HiFi2|HiFi3|HiFi4] [fp32_dest_acc_en=0|1] [dst_full_sync_en=0|1] [unpack_to_dest=0|1]
//             [args=n,n,...] [defines=K=V;K=V]
//   <format>: Float16_b, Float32, Bfp8_b or Bfp4_b: the file holds the tiles' bytes as they are in DRAM;
//             Bfp8_b/host: the file holds float32 values in tile (face) order, which the host packs
//             with pack_as_bfp8_tiles; an output Bfp8_b/host file receives the
//             unpack_bfp8_tiles_into_float_vec floats (and <file>.raw the bytes).
//   args: compute kernel runtime args (number of A tiles and B tiles are always args 0 and 1).
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/bfloat8.hpp>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using namespace tt;
using namespace tt::tt_metal;

namespace {

struct Stream {
    std::string path;
    DataFormat format = DataFormat::Float16_b;
    bool host_bfp8 = false;  // Bfp8_b/host
    uint32_t tiles = 0;
};

Stream parse(const std::string& spec, bool with_tiles) {
    Stream s;
    const auto c1 = spec.find(':');
    const auto c2 = spec.find(':', c1 + 1);
    s.path = spec.substr(0, c1);
    std::string fmt = spec.substr(c1 + 1, c2 == std::string::npos ? std::string::npos : c2 - c1 - 1);
    if (fmt == "Bfp8_b/host") s.host_bfp8 = true, fmt = "Bfp8_b";
    s.format = fmt == "Float32"  ? DataFormat::Float32
               : fmt == "Bfp8_b" ? DataFormat::Bfp8_b
               : fmt == "Bfp4_b" ? DataFormat::Bfp4_b
                                 : DataFormat::Float16_b;
    if (with_tiles) s.tiles = std::stoul(spec.substr(c2 + 1));
    return s;
}

std::vector<uint8_t> read_bytes(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error("cannot read " + path);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const void* data, size_t n) {
    std::ofstream(path, std::ios::binary).write(static_cast<const char*>(data), std::streamsize(n));
}

// The DRAM image of an input stream and its tile count.
std::vector<uint32_t> load(Stream& s) {
    std::vector<uint8_t> bytes = read_bytes(s.path);
    std::vector<uint32_t> words;
    if (s.host_bfp8) {
        std::vector<float> values(bytes.size() / sizeof(float));
        std::memcpy(values.data(), bytes.data(), values.size() * sizeof(float));
        words = pack_as_bfp8_tiles(tt::stl::Span<const float>(values), /*row_major_input=*/false, /*is_exp_a=*/false);
    } else {
        words.resize(bytes.size() / 4);
        std::memcpy(words.data(), bytes.data(), words.size() * 4);
    }
    s.tiles = uint32_t(words.size() * 4 / tt::tile_size(s.format));
    return words;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) throw std::invalid_argument("usage: prog <kernel dir> out=<file>:<format>:<tiles> [...]");
    const std::string dir = argv[1];
    std::map<std::string, std::string> opt;
    for (int i = 2; i < argc; ++i) {
        const std::string o = argv[i];
        const auto eq = o.find('=');
        if (eq == std::string::npos) throw std::invalid_argument("bad option " + o);
        opt[o.substr(0, eq)] = o.substr(eq + 1);
    }
    Stream out = parse(opt.at("out"), true);
    Stream in[2];
    bool has[2] = {opt.count("a") > 0, opt.count("b") > 0};
    std::vector<uint32_t> data[2];
    for (int i = 0; i < 2; ++i)
        if (has[i]) {
            in[i] = parse(opt.at(i ? "b" : "a"), false);
            data[i] = load(in[i]);
        }
    const std::string fid = opt.count("fidelity") ? opt["fidelity"] : "HiFi4";
    const MathFidelity fidelity = fid == "LoFi" ? MathFidelity::LoFi : fid == "HiFi2" ? MathFidelity::HiFi2
                                  : fid == "HiFi3" ? MathFidelity::HiFi3 : MathFidelity::HiFi4;
    const bool fp32_dest_acc_en = opt.count("fp32_dest_acc_en") && opt["fp32_dest_acc_en"] == "1";
    const bool dst_full_sync_en = opt.count("dst_full_sync_en") && opt["dst_full_sync_en"] == "1";
    std::vector<uint32_t> compute_args = {in[0].tiles, in[1].tiles};
    if (opt.count("args")) {
        std::string a = opt["args"];
        for (size_t p = 0; p < a.size();) {
            const size_t q = a.find(',', p);
            compute_args.push_back(std::stoul(a.substr(p, q - p)));
            p = q == std::string::npos ? a.size() : q + 1;
        }
    }
    std::map<std::string, std::string> defines;
    if (opt.count("defines")) {
        std::string d = opt["defines"];
        for (size_t p = 0; p < d.size();) {
            const size_t q = d.find(';', p);
            const std::string kv = d.substr(p, q - p);
            defines[kv.substr(0, kv.find('='))] = kv.substr(kv.find('=') + 1);
            p = q == std::string::npos ? d.size() : q + 1;
        }
    }

    auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    distributed::MeshWorkload workload;
    auto device_range = distributed::MeshCoordinateRange(mesh_device->shape());
    Program program = CreateProgram();
    constexpr CoreCoord core = {0, 0};

    auto make_buffer = [&](uint32_t tiles, DataFormat f) {
        const uint32_t page = tt::tile_size(f);
        distributed::DeviceLocalBufferConfig local{.page_size = page, .buffer_type = BufferType::DRAM};
        distributed::ReplicatedBufferConfig whole{.size = uint64_t(std::max(tiles, 1u)) * page};
        return distributed::MeshBuffer::create(whole, local, mesh_device.get());
    };
    std::shared_ptr<distributed::MeshBuffer> src[2];
    const tt::CBIndex in_cb[2] = {CBIndex::c_0, CBIndex::c_1};
    for (int i = 0; i < 2; ++i) {
        // The buffer exists even without a stream (the reader's accessors need an address).
        src[i] = make_buffer(in[i].tiles, in[i].format);
        if (has[i]) distributed::EnqueueWriteMeshBuffer(cq, src[i], data[i], false);
        const uint32_t page = tt::tile_size(in[i].format);
        CreateCircularBuffer(program, core,
            CircularBufferConfig(std::max(in[i].tiles, 1u) * page, {{in_cb[i], in[i].format}}).set_page_size(in_cb[i], page));
    }
    auto dst = make_buffer(out.tiles, out.format);
    const uint32_t out_page = tt::tile_size(out.format);
    CreateCircularBuffer(program, core,
        CircularBufferConfig(std::max(out.tiles, 2u) * out_page, {{CBIndex::c_16, out.format}}).set_page_size(CBIndex::c_16, out_page));

    auto kernel = [&](const std::string& name) {
        const std::filesystem::path own = std::filesystem::path(dir) / "kernels" / name;
        return std::filesystem::exists(own) ? own.string()
                                            : (std::filesystem::path(dir).parent_path() / "common" / name).string();
    };
    std::vector<uint32_t> reader_ct;
    TensorAccessorArgs(*src[0]).append_to(reader_ct);
    TensorAccessorArgs(*src[1]).append_to(reader_ct);
    auto reader = CreateKernel(program, kernel("reader.cpp"), core,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default, .compile_args = reader_ct});
    std::vector<uint32_t> writer_ct;
    TensorAccessorArgs(*dst).append_to(writer_ct);
    auto writer = CreateKernel(program, kernel("writer.cpp"), core,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default, .compile_args = writer_ct});
    // unpack_to_dest=1: UnpackToDestFp32 for c_0 (32-bit data goes to DST without SrcA's TF32).
    std::vector<UnpackToDestMode> unpack_to_dest(NUM_CIRCULAR_BUFFERS, UnpackToDestMode::Default);
    if (opt.count("unpack_to_dest") && opt["unpack_to_dest"] == "1") unpack_to_dest[CBIndex::c_0] = UnpackToDestMode::UnpackToDestFp32;
    auto compute = CreateKernel(program, kernel("compute.cpp"), core,
        ComputeConfig{.math_fidelity = fidelity, .fp32_dest_acc_en = fp32_dest_acc_en,
                      .dst_full_sync_en = dst_full_sync_en, .unpack_to_dest_mode = unpack_to_dest,
                      .defines = defines});

    SetRuntimeArgs(program, reader, core, {(uint32_t)src[0]->address(), in[0].tiles, (uint32_t)src[1]->address(), in[1].tiles});
    // The common runtime args of a Metal 2.0 reader's tensor bindings: [address, (none)] per input.
    SetCommonRuntimeArgs(program, reader, {(uint32_t)src[0]->address(), 0u, (uint32_t)src[1]->address(), 0u});
    SetRuntimeArgs(program, writer, core, {(uint32_t)dst->address(), out.tiles});
    SetRuntimeArgs(program, compute, core, compute_args);

    workload.add_program(device_range, std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    distributed::Finish(cq);

    std::vector<uint32_t> result;
    distributed::EnqueueReadMeshBuffer(cq, result, dst, true);
    if (out.host_bfp8) {
        write_bytes(out.path + ".raw", result.data(), result.size() * 4);
        std::vector<float> values = unpack_bfp8_tiles_into_float_vec(tt::stl::Span<const uint32_t>(result), false, false);
        write_bytes(out.path, values.data(), values.size() * sizeof(float));
    } else {
        write_bytes(out.path, result.data(), result.size() * 4);
    }
    std::printf("PASS: %u tiles\n", out.tiles);
    mesh_device->close();
    return 0;
}
