"""Property-based tests (hypothesis). Bounded for `make test`; `make soak` sets
``QILIAN_HYPOTHESIS_PROFILE=qilian-soak`` for many more examples."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("qilian-fast", max_examples=40, deadline=None, database=None, print_blob=True)
settings.register_profile("qilian-soak", max_examples=1500, deadline=None, database=None, print_blob=True)

#: The settings of pure-function properties (the profile named by QILIAN_HYPOTHESIS_PROFILE).
PROFILE = settings.get_profile(os.environ.get("QILIAN_HYPOTHESIS_PROFILE", "qilian-fast"))
#: Properties that go through the database and the API: fewer examples, one test transaction.
DB_PROFILE = settings(PROFILE, max_examples=max(10, PROFILE.max_examples // 3),
                      suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
