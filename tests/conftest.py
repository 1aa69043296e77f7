"""Shared test configuration.

Hypothesis: no per-example deadline (CI machines are shared and their timing is noisy, and
speed is measured by the benchmarks, not asserted in tests). Under CI the search is
derandomized, so that a run is reproducible from the commit alone; locally it stays random,
to keep finding new cases.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
