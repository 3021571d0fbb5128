"""Generated C++: what each role calls (stated next to the kernel, Triton-style CHECK lines),
the origin comments that tie it to the Python source, and TTLANG_DUMP_DIR."""

from __future__ import annotations

import inspect
import re

import numpy as np

import ttlang as tt
from tests.helpers import BF16, program, scalar, tensor
from ttlang import arch, codegen
from ttlang.ir.passes import Options


def generate(fn, options=Options(), **specs) -> codegen.Sources:
    return codegen.generate(program(fn, options, **specs), arch.get(), options)


def calls(cpp: str) -> list[str]:
    """The API calls of a kernel body, in order, as 'name(args)' without spaces."""
    body = cpp[cpp.index("void kernel_main()") :]
    return [re.sub(r"\s+", "", m) for m in re.findall(r"^\s+([a-z_][\w<>]*\(.*\));", body, re.M)]


def check_order(cpp: str, expected: list[str]) -> None:
    """Each expected call appears, in this order (other calls may come between)."""
    got = calls(cpp)
    i = 0
    for want in expected:
        while i < len(got) and not got[i].startswith(want):
            i += 1
        assert i < len(got), f"missing {want!r} (after the previous ones) in:\n" + "\n".join(got)
        i += 1


def add(a, b, c):
    for t in tt.program_range(c.num_tiles):
        c[t] = a[t] + b[t]


def test_bfloat16_add_runs_on_the_fpu():
    src = generate(add, a=tensor(tt.bfloat16), b=tensor(tt.bfloat16), c=tensor(tt.bfloat16))
    # CHECK-READER: cb_reserve_back(cb_in_a,1) cb_reserve_back(cb_in_b,1)
    # CHECK-READER: noc_async_read_page(t,a,...) noc_async_read_page(t,b,...) noc_async_read_barrier()
    # CHECK-READER: cb_push_back(cb_in_a,1) cb_push_back(cb_in_b,1)
    check_order(
        src.reader,
        [
            "cb_reserve_back(cb_in_a,1)",
            "cb_reserve_back(cb_in_b,1)",
            "noc_async_read_page(t,a,get_write_ptr(cb_in_a))",
            "noc_async_read_page(t,b,get_write_ptr(cb_in_b))",
            "noc_async_read_barrier()",
            "cb_push_back(cb_in_a,1)",
            "cb_push_back(cb_in_b,1)",
        ],
    )
    # CHECK-COMPUTE: compute_kernel_hw_startup add_init (hoisted out of the loop: nothing in it
    # CHECK-COMPUTE: changes what it sets) cb_wait_front tile_regs_acquire add_tiles
    # CHECK-COMPUTE: tile_regs_commit cb_pop_front cb_reserve_back tile_regs_wait pack_tile tile_regs_release cb_push_back
    check_order(
        src.compute,
        [
            "compute_kernel_hw_startup(cb_in_a,cb_in_b,cb_out_c)",
            "add_init(cb_in_a,cb_in_b)",
            "cb_wait_front(cb_in_a,1)",
            "cb_wait_front(cb_in_b,1)",
            "tile_regs_acquire()",
            "add_tiles(cb_in_a,cb_in_b,0,0,0)",
            "tile_regs_commit()",
            "cb_pop_front(cb_in_a,1)",
            "cb_pop_front(cb_in_b,1)",
            "cb_reserve_back(cb_out_c,1)",
            "tile_regs_wait()",
            "pack_tile(0,cb_out_c)",
            "tile_regs_release()",
            "cb_push_back(cb_out_c,1)",
        ],
    )
    # CHECK-WRITER: cb_wait_front noc_async_write_page noc_async_writes_flushed cb_pop_front
    # CHECK-WRITER: (after the loop) noc_async_write_barrier
    check_order(
        src.writer,
        [
            "cb_wait_front(cb_out_c,1)",
            "noc_async_write_page(t,c,get_read_ptr(cb_out_c))",
            "noc_async_writes_flushed()",
            "cb_pop_front(cb_out_c,1)",
            "noc_async_write_barrier()",
        ],
    )
    assert calls(src.writer).count("noc_async_write_barrier()") == 1  # once, at the end
    assert calls(src.compute).count("add_init(cb_in_a,cb_in_b)") == 1
    assert (
        "TensorAccessorArgs<0>()" in src.reader
        and "TensorAccessorArgs<a_args.next_compile_time_args_offset()>()" in src.reader
    )
    assert (
        "noc_async_read_tile" not in src.reader and "noc_async_write_tile" not in src.writer
    )  # deprecated in 0.81.1


def test_float32_add_keeps_full_precision_on_the_sfpu():
    src = generate(add, a=tensor(), b=tensor(), c=tensor())
    # CHECK-COMPUTE: copy_init(cb_in_a) copy_tile(cb_in_a,0,0) copy_init(cb_in_b) copy_tile(cb_in_b,0,1)
    # CHECK-COMPUTE: add_binary_tile_init() add_binary_tile(0,1,0)
    check_order(
        src.compute,
        [
            "copy_init(cb_in_a)",
            "copy_tile(cb_in_a,0,0)",
            "copy_init(cb_in_b)",
            "copy_tile(cb_in_b,0,1)",
            "add_binary_tile_init()",
            "add_binary_tile(0,1,0)",
            "pack_tile(0,cb_out_c)",
        ],
    )
    assert "add_tiles(" not in src.compute  # the FPU would truncate Float32 operands to TF32
    assert "unpack_to_dest[cb_in_a] = UnpackToDestMode::UnpackToDestFp32" in src.host
    assert ".fp32_dest_acc_en = true" in src.host


def unary_chain(a, c, s):
    for t in tt.program_range(c.num_tiles):
        c[t] = tt.sigmoid(tt.exp(-a[t]) * 2.0 - s) + 1.0


def test_unary_and_scalar_ops():
    src = generate(unary_chain, a=tensor(), c=tensor(), s=scalar())
    check_order(
        src.compute,
        [
            "copy_tile(cb_in_a,0,0)",
            "negative_tile_init()",
            "negative_tile(0)",
            "exp_tile_init()",
            "exp_tile(0)",
            "binop_with_scalar_tile_init()",
            "mul_unary_tile(0,0x40000000u",
            "sub_unary_tile(0,ttl_f32_bits(s))",
            "sigmoid_tile_init()",
            "sigmoid_tile(0)",
            "add_unary_tile(0,0x3f800000u",
        ],
    )
    # The scalar parameter comes from the common runtime args as a float.
    assert re.search(r"const float s = get_common_arg_val<float>\(\d+\);", src.compute)


def test_host_program_uses_the_mesh_api():
    src = generate(add, a=tensor(tt.bfloat16), b=tensor(tt.bfloat16), c=tensor(tt.bfloat16))
    for needle in [
        "#include <tt-metalium/host_api.hpp>",
        "#include <tt-metalium/distributed.hpp>",
        "Program program = CreateProgram();",
        "CircularBufferConfig(2 * 2048, {{cb_in_a, tt::DataFormat::Float16_b}})",
        ".set_page_size(cb_in_a, 2048)",
        "TensorAccessorArgs(*a).append_to(reader_ct);",
        "TensorAccessorArgs(*c).append_to(writer_ct);",
        "DataMovementProcessor::RISCV_1",
        "DataMovementProcessor::RISCV_0",
        "ComputeConfig{",
        "SetCommonRuntimeArgs(program, k, common);",
        "std::vector<uint32_t> per_core{args->pids[2 * i], args->pids[2 * i + 1]};",
        "SetRuntimeArgs(program, k, cores[i], per_core);",
        "workload.add_program(distributed::MeshCoordinateRange(device->shape()), std::move(program));",
        "distributed::EnqueueMeshWorkload(device->mesh_command_queue(), workload, false);",
        "distributed::Finish(device->mesh_command_queue());",
    ]:
        assert needle in src.host, needle


def floor_ops(a, c, n):
    for t in range(c.num_tiles):
        c[t] = a[(t + n) // 2 % a.num_tiles]


def test_python_integer_semantics():
    src = generate(floor_ops, a=tensor(), c=tensor(), n=scalar("int"))
    # n may be negative: Python's // and % round toward negative infinity.
    assert "ttl_mod(ttl_floordiv((t + n), 2), (a_tile_rows * a_tile_cols))" in src.reader
    src2 = generate(add, a=tensor(), b=tensor(), c=tensor())
    assert "ttl_floordiv" not in src2.reader.split("void kernel_main()")[1]


def test_every_block_names_its_python_line_and_line_map_finds_it():
    src = generate(add, a=tensor(), b=tensor(), c=tensor())
    lines, first = inspect.getsourcelines(add)
    store_line = first + 2
    assert f"// test_codegen.py:{store_line}:9: c[t] = a[t] + b[t]" in src.compute
    assert f"// test_codegen.py:{store_line}:16: c[t] = a[t] + b[t]" in src.reader  # at a[t]
    m = codegen.line_map(src.compute, src.files)
    cpp_line = next(i for i, text in enumerate(src.compute.splitlines(), 1) if "pack_tile(" in text)
    loc = m[cpp_line]
    assert (loc.file, loc.line, loc.col) == (__file__, store_line, 8)


def test_dump_dir_and_compiled_sources(tmp_path, monkeypatch):
    monkeypatch.setenv("TTLANG_DUMP_DIR", str(tmp_path))

    @tt.kernel
    def scale(a, c):
        for t in tt.program_range(c.num_tiles):
            c[t] = a[t] * 3.0

    a = np.ones((40, 40), BF16)
    c = np.zeros_like(a)
    ck = scale[1](a, c)
    dumped = list(tmp_path.iterdir())
    assert len(dumped) == 1 and dumped[0].name.startswith("scale-")
    assert sorted(p.name for p in dumped[0].iterdir()) == [
        "compute.cpp",
        "host.cpp",
        "reader.cpp",
        "writer.cpp",
    ]
    for role in ("host", "reader", "compute", "writer"):
        assert (dumped[0] / f"{role}.cpp").read_text() == getattr(ck, role) == ck.sources[role]
    assert "void kernel_main()" in ck.reader and "ttl_launch" in ck.host
    assert np.all(c.astype(np.float32) == 3.0)
