"""With QILIAN_HYPOTHESIS_PROFILE set (``make soak``), every hypothesis test of the session
runs under that profile, not only the ones in this package."""

from __future__ import annotations

import os

from hypothesis import settings

import tests.properties  # noqa: F401  (registers the profiles)

if os.environ.get("QILIAN_HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["QILIAN_HYPOTHESIS_PROFILE"])
