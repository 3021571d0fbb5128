"""Test configuration: derandomized hypothesis (a red CI is always a real bug). The compile cache
is the user's ($TTLANG_CACHE_DIR, else ~/.cache/ttlang), shared by every test and every run, so
a second run recompiles nothing."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=25,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev", deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("TTLANG_HYPOTHESIS_PROFILE", "ci"))
