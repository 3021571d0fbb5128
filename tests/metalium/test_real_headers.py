"""The generated code against the real TT-Metalium v0.81.1 (the PyPI ttnn 0.81.1 wheel's device
headers and libtt_metal.so); see real_headers.py for how each check works.

These tests run at the end of the session (conftest.py) over every kernel the session compiled
plus the corpus in corpus.py, and skip only when the wheel cannot be downloaded because the
registry cannot be reached. Select them with ``-m metalium``.

Mismatches between the emulator and v0.81.1 that the emulator's owner has yet to fix are listed
in KNOWN_HOST_MISMATCHES and KNOWN_DRIFT; each is an xfail(strict=True) case, so fixing one makes
its case XPASS and fail until it is removed from the list.
"""

from __future__ import annotations

import textwrap

import pytest

from ttlang.kernel import COMPILED

from . import corpus, cxx
from . import real_headers as rh

pytestmark = pytest.mark.metalium

# Emulator host declarations whose mangled names differ from the v0.81.1 library's, so a host
# program built against the emulator headers would not link against libtt_metal.so.
KNOWN_HOST_MISMATCHES: dict[str, str] = {}

# Emulator device API declarations that differ from v0.81.1's (decl_id -> the mismatch).
KNOWN_DRIFT: dict[str, str] = {}


# ---------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="session")
def metalium():
    try:
        m = rh.Metalium()
    except rh.WheelUnavailable as e:
        rh.STATS.skipped = str(e)
        pytest.skip(f"TT-Metalium v{rh.VERSION} wheel unavailable: {e}")
    yield m
    m.close()


@pytest.fixture(scope="session")
def kernel_report(metalium):
    """Every kernel this session compiled (and the corpus), checked once."""
    _, corpus_errors = corpus.compile_corpus()
    sets, seen = [], set()
    for ck in list(COMPILED):
        ks = rh.KernelSet.from_compiled(ck)
        if ks is None or ks.key() in seen:
            continue
        seen.add(ks.key())
        sets.append(ks)
    report = rh.check_kernel_sets(metalium, sets)
    report["sets"] = sets
    report["corpus_errors"] = corpus_errors
    return report


def _fail(problems, what):
    if problems:
        lines = "\n".join(str(p) for p in problems[:40])
        more = f"\n... and {len(problems) - 40} more" if len(problems) > 40 else ""
        pytest.fail(f"{len(problems)} {what}:\n{lines}{more}", pytrace=False)


# ---------------------------------------------------------------------------------------------
# The session's kernels


def test_the_corpus_compiles(kernel_report):
    assert not kernel_report["corpus_errors"], "\n".join(kernel_report["corpus_errors"])


def test_reader_and_writer_kernels_compile_as_ncrisc_and_brisc(kernel_report):
    assert kernel_report["sets"], "no kernels to check"
    rh.STATS.record(kernel_report["dataflow"])
    _fail(kernel_report["dataflow"], "dataflow kernel problem(s) against the v0.81.1 headers")


def test_compute_kernels_match_the_compute_api(kernel_report):
    rh.STATS.record(kernel_report["compute"])
    _fail(kernel_report["compute"], "compute kernel problem(s) against the v0.81.1 compute API")
    assert rh.STATS.pack_compiled, "no compute kernel was compiled as the PACK thread"


def test_host_programs_link_against_libtt_metal(kernel_report):
    rh.STATS.record(kernel_report["host"], KNOWN_HOST_MISMATCHES)
    unknown = [p for p in kernel_report["host"] if p.subject not in KNOWN_HOST_MISMATCHES]
    _fail(unknown, "host symbol problem(s) against libtt_metal.so")
    assert rh.STATS.symbols, "no host symbols were checked"


@pytest.mark.parametrize(
    "symbol",
    [
        pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=r), id=s.split("(")[0])
        for s, r in KNOWN_HOST_MISMATCHES.items()
    ],
)
def test_known_host_mismatch(kernel_report, symbol):
    missing = {p.subject: p for p in kernel_report["host"]}
    assert symbol not in missing, str(missing[symbol])


# ---------------------------------------------------------------------------------------------
# Emulator drift


def _emulator_decls():
    try:
        dataflow, compute = rh.emulator_declarations()
    except Exception as e:  # reported by the test, not at collection
        return [pytest.param(None, "dataflow", e, id="emulator-headers")]
    params = []
    for role, decls in (("dataflow", dataflow), ("compute", compute)):
        for d in decls:
            i = rh.decl_id(d)
            marks = (
                [pytest.mark.xfail(strict=True, reason=KNOWN_DRIFT[i])] if i in KNOWN_DRIFT else []
            )
            params.append(pytest.param(d, role, None, id=i, marks=marks))
    return params


EMULATOR_DECLS = _emulator_decls()


@pytest.mark.parametrize("decl, role, error", EMULATOR_DECLS)
def test_emulator_declaration_matches_v0_81_1(metalium, decl, role, error):
    if error is not None:
        raise error
    index = (metalium.dataflow_api() if role == "dataflow" else metalium.compute_api())[0]
    if rh.emulator_helper(decl, index):
        pytest.skip(f"an emulator helper: v0.81.1 declares no {decl.qualified_name}")
    with rh.STATS.lock:
        rh.STATS.declarations.add(rh.decl_id(decl))
    report = rh.drift(decl, index)
    if report:
        rh.STATS.record([rh.Problem("drift", rh.decl_id(decl), report)], KNOWN_DRIFT)
        pytest.fail(report, pytrace=False)


def test_known_drift_entries_name_emulator_declarations():
    current = {p.id for p in EMULATOR_DECLS}
    stale = sorted(set(KNOWN_DRIFT) - current)
    assert not stale, f"KNOWN_DRIFT names declarations the emulator no longer has: {stale}"


# ---------------------------------------------------------------------------------------------
# The checks catch what they must (hand-written bad kernels)

COMPUTE_OK = """
#include <cstdint>
#include "api/compute/common.h"
#include "api/compute/eltwise_binary.h"
#include "api/compute/tile_move_copy.h"

constexpr uint32_t cb_a = tt::CBIndex::c_0;
constexpr uint32_t cb_b = tt::CBIndex::c_1;
constexpr uint32_t cb_out = tt::CBIndex::c_16;

void kernel_main() {
    const uint32_t n = get_arg_val<uint32_t>(0);
    compute_kernel_hw_startup(cb_a, cb_b, cb_out);
    add_init(cb_a, cb_b);
    for (uint32_t i = 0; i < n; ++i) {
        cb_wait_front(cb_a, 1);
        cb_wait_front(cb_b, 1);
        tile_regs_acquire();
        add_tiles(cb_a, cb_b, 0, 0, 0);
        tile_regs_commit();
        cb_pop_front(cb_a, 1);
        cb_pop_front(cb_b, 1);
        cb_reserve_back(cb_out, 1);
        tile_regs_wait();
        pack_tile(0, cb_out);
        tile_regs_release();
        cb_push_back(cb_out, 1);
    }
}
"""

SETUP = rh.ComputeSetup({0: 5, 1: 5, 16: 5}, {0: 2048, 1: 2048, 16: 2048})

READER_OK = """
#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const uint32_t addr = get_arg_val<uint32_t>(0);
    const uint32_t n = get_arg_val<uint32_t>(1);
    constexpr uint32_t cb = tt::CBIndex::c_0;
    constexpr auto args = TensorAccessorArgs<0>();
    const auto s = TensorAccessor(args, addr, get_tile_size(cb));
    for (uint32_t i = 0; i < n; ++i) {
        cb_reserve_back(cb, 1);
        noc_async_read_page(i, s, get_write_ptr(cb));
        noc_async_read_barrier();
        cb_push_back(cb, 1);
    }
}
"""

DM = rh.DMConfig(processor=1, noc=1, ct_args=[2, 2048], cbs=SETUP)


def test_a_correct_hand_written_kernel_passes(metalium):
    problems, packed = metalium.check_compute(COMPUTE_OK, SETUP, "good-compute")
    assert packed and not problems, problems
    assert not metalium.check_dataflow(READER_OK, "reader", DM, "good-reader")


@pytest.mark.parametrize(
    "call, why",
    [("mm_init(cb_a, cb_b, cb_out);", "mm_init"), ("add_tiles_init(cb_a, cb_b);", "add_tiles_init"),
     ("binary_op_init_common(cb_a, cb_b, cb_out);", "binary_op_init_common")],
)  # fmt: skip
def test_removed_compute_calls_are_reported(metalium, call, why):
    src = COMPUTE_OK.replace("add_init(cb_a, cb_b);", call)
    problems, packed = metalium.check_compute(src, SETUP, "removed-call")
    calls = [p for p in problems if p.check == "compute-calls"]
    pack = [p for p in problems if p.check == "compute-pack"]
    assert any(why in p.message and "not declared" in p.message for p in calls), problems
    assert packed and any(why in p.message for p in pack), problems  # the PACK build says so too


def test_deprecated_dataflow_call_is_reported(metalium):
    src = READER_OK.replace(
        "const auto s = TensorAccessor(args, addr, get_tile_size(cb));",
        "const InterleavedAddrGen<true> s = {.bank_base_address = addr, .page_size = 2048};",
    ).replace(
        "noc_async_read_page(i, s, get_write_ptr(cb));",
        "noc_async_read_tile(i, s, get_write_ptr(cb));",
    )
    problems = metalium.check_dataflow(src, "reader", DM, "deprecated")
    assert any(
        "noc_async_read_tile" in p.message and "deprecated" in p.message for p in problems
    ), problems


def test_wrong_arity_is_reported(metalium):
    # a PACK-parseable compute kernel: both the call check and the PACK build
    src = COMPUTE_OK.replace("add_tiles(cb_a, cb_b, 0, 0, 0);", "add_tiles(cb_a, cb_b, 0, 0);")
    problems, packed = metalium.check_compute(src, SETUP, "arity")
    assert any(
        p.check == "compute-calls" and "add_tiles" in p.message and "4 argument" in p.message
        for p in problems
    ), problems
    assert packed and any(p.check == "compute-pack" for p in problems), problems
    # an SFPU kernel (not parseable as PACK without SFPI): the call check alone
    sfpu = COMPUTE_OK.replace(
        '#include "api/compute/eltwise_binary.h"',
        '#include "api/compute/eltwise_binary.h"\n#include "api/compute/eltwise_unary/exp.h"',
    )
    sfpu = sfpu.replace(
        "tile_regs_commit();",
        "exp_tile_init();\n        exp_tile(0, 1, 2, 3);\n        tile_regs_commit();",
    )
    problems, packed = metalium.check_compute(sfpu, SETUP, "sfpu-arity")
    assert not packed
    assert [
        p.message for p in problems if "exp_tile(" in p.message and "4 argument" in p.message
    ], problems
    # a dataflow kernel
    src = READER_OK.replace(
        "noc_async_read_page(i, s, get_write_ptr(cb));", "noc_async_read_page(i, s);"
    )
    assert any(
        "noc_async_read_page" in p.message
        for p in metalium.check_dataflow(src, "reader", DM, "dm-arity")
    )


def test_a_bad_kernel_in_a_batch_is_attributed_to_itself(metalium):
    bad = COMPUTE_OK.replace("add_init(cb_a, cb_b);", "add_tiles_init(cb_a, cb_b);")
    results = metalium.check_compute_batch(
        [(COMPUTE_OK, "k0"), (bad, "k1"), (COMPUTE_OK, "k2")], SETUP
    )
    assert [bool(p) for p, _ in results] == [False, True, False]
    assert all(p.subject == "k1" for p in results[1][0])


def test_wrong_compile_time_args_are_reported(metalium):
    problems = metalium.check_dataflow(
        READER_OK, "reader", rh.DMConfig(1, 1, [], SETUP), "no-ct-args"
    )
    assert any("compile-time args" in p.message for p in problems), problems
    assert any("NCRISC build" in p.message for p in problems), problems


def test_a_host_symbol_that_does_not_exist_is_reported(metalium, tmp_path):
    host = textwrap.dedent(
        """
        #include <tt-metalium/host_api.hpp>
        namespace tt::tt_metal {
        void CreateDevicePool(int n);           // no such function in v0.81.1
        Program CreateProgram(int flavour);     // exists, but not with this signature
        }
        extern "C" int ttl_launch() {
            tt::tt_metal::CreateDevicePool(2);
            tt::tt_metal::Program p = tt::tt_metal::CreateProgram(1);
            return 0;
        }
        """
    )
    used, err = rh.host_symbols(host, tmp_path)
    assert err is None, err
    problems = {p.subject.split("(")[0]: p for p in metalium.check_host_symbols(used)}
    assert (
        "no symbol named tt::tt_metal::CreateDevicePool"
        in problems["tt::tt_metal::CreateDevicePool"].message
    )
    assert "tt::tt_metal::CreateProgram()" in problems["tt::tt_metal::CreateProgram"].message


def test_drift_names_both_declarations(metalium):
    index = metalium.compute_api()[0]
    emulated = textwrap.dedent(
        """
        namespace ckernel {
        template <bool is_fp32_dest_acc_en = true>
        ALWI void add_tiles(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, int idst) {}
        ALWI void pack_tile(uint32_t ifrom_dst, uint32_t icb, std::uint32_t output_tile_index = 1) {}
        }
        """
    )
    decls = {d.name: d for d in cxx.declarations(cxx.tokenize(emulated, "emulator.h")[0])}
    report = rh.drift(decls["add_tiles"], index)
    assert "emulator: template <bool is_fp32_dest_acc_en = true> ALWI void add_tiles" in report
    assert (
        "v0.81.1:  template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE> ALWI void add_tiles"
        in report
    )
    assert (
        "template parameter 1: default `true` in the emulator, `DST_ACCUM_MODE` in v0.81.1"
        in report
    )
    assert "parameter 5: type `int` in the emulator, `uint32_t` in v0.81.1" in report
    report = rh.drift(decls["pack_tile"], index)
    assert "a template in v0.81.1 only" in report and "pack_tile" in report


# ---------------------------------------------------------------------------------------------
# The parser


def test_parser_reads_templates_defaults_and_namespaces():
    src = textwrap.dedent(
        """
        #define MACRO(a, ...) f(a)
        namespace ckernel { namespace detail { void hidden(); }
        template <bool approx = false, typename T, uint32_t n = NOC_MAX_BURST_SIZE + 1, template <class> class C>
        [[deprecated("x")]] ALWI void f(const std::uint32_t a, T& b, VectorMode m = VectorMode::RC, ...) { if (a) {} }
        struct S { void member(); };
        }
        inline uint64_t g(uint32_t x[4], void (*cb)(int), uint8_t noc = noc_index);
        """
    )
    tokens, macros = cxx.tokenize(src)
    decls = {d.name: d for d in cxx.declarations(tokens)}
    assert set(decls) == {"hidden", "f", "g"}
    f = decls["f"]
    assert f.scope == "ckernel" and f.deprecated
    assert [(t.kind, t.type, t.default) for t in f.template] == [
        ("value", "bool", "false"), ("type", "", None), ("value", "uint32_t", "NOC_MAX_BURST_SIZE+1"),
        ("template", "template <typename> typename", None),
    ]  # fmt: skip
    assert [(p.type, p.default) for p in f.params] == [
        ("uint32_t", None),
        ("T&", None),
        ("VectorMode", "VectorMode::RC"),
        ("...", None),
    ]
    assert f.arity() == (2, float("inf"))
    assert decls["hidden"].scope == "ckernel::detail"
    assert [p.type for p in decls["g"].params] == ["uint32_t[4]", "void(*)(int)", "uint8_t"]
    assert macros[0].name == "MACRO" and macros[0].arity() == (1, float("inf"))
    calls = cxx.calls(
        cxx.tokenize(
            "void k() { int x = f<1, 2>(a, g(b), {c, d}); obj.m(1); ckernel::h(); MACRO(1, 2); }"
        )[0]
    )
    assert [(c.name, c.qualifier, c.nargs, c.ntemplate_args) for c in calls] == [
        ("f", "", 3, 2), ("g", "", 1, None), ("h", "ckernel", 0, None), ("MACRO", "", 2, None),
    ]  # fmt: skip
