"""Hypothesis profiles for the fuzz tests, chosen with HYPOTHESIS_PROFILE.

- ``ci`` (default, ``make test``): a bounded, derandomized run — the same
  examples every time, so a failure is reproducible and the suite is stable.
- ``fast`` (``make test-fast``): fewer of the same examples.
- ``fuzz`` (``make fuzz``): 5,000 fresh random examples (``FUZZ_EXAMPLES``
  changes the count); a failure prints the example and a blob to replay it.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    "database": None,
    "print_blob": True,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
}
settings.register_profile("ci", max_examples=120, derandomize=True, **_COMMON)
settings.register_profile("fast", max_examples=25, derandomize=True, **_COMMON)
settings.register_profile(
    "fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "5000")), derandomize=False, **_COMMON
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
