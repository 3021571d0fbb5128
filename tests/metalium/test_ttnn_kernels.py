"""The coverage survey: every production kernel of the ttnn 0.81.1 wheel outside
operations/experimental/ compiled with the emulator's kernel compiler (see ttnn_kernels.py for
the rule that fills compile-time args and defines). Runs once per wheel and emulator version
(cached); the count and the ranking of what is missing are printed in the summary."""

from __future__ import annotations

import pytest

from . import real_headers as rh
from . import ttnn_kernels

pytestmark = pytest.mark.metalium

GOAL = 0.90  # of the kernels compile


@pytest.fixture(scope="session")
def survey():
    try:
        s = ttnn_kernels.run_survey()
    except rh.WheelUnavailable as e:
        pytest.skip(f"ttnn {rh.VERSION} wheel unavailable: {e}")
    ttnn_kernels.SESSION.survey = s
    return s


def test_survey_covers_the_wheel(survey):
    assert survey.total > 700, f"only {survey.total} kernels found under operations/**/kernels*/"


def test_every_failure_names_what_is_missing(survey):
    unnamed = [f.kernel for f in survey.failures if not f.names]
    assert len(unnamed) <= len(survey.failures) // 4, f"{len(unnamed)} failures without a name, e.g. {unnamed[:5]}"


@pytest.mark.xfail(reason="issue 10: the survey's goal of 90% is not reached yet", strict=False)
def test_ninety_percent_compile(survey):
    assert survey.compiled >= GOAL * survey.total, survey.report(30)
