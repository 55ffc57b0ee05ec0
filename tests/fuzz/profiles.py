"""The fuzz budget: Hypothesis profiles ``ci`` (the default, in ``make test``) and ``long``
(``make fuzz``), chosen by ``KIOSK_FUZZ_PROFILE``.

``ci`` is fixed and derandomized, so ``make test`` runs the same examples every time and in a
bounded time; ``long`` is random, a hundred times bigger, and holds each example to one second
(the "no input takes more than a second" rule; a test suite asserts no wall-clock time, a
fuzzing run may). The profiles are registered, never loaded globally: each fuzz test takes
:func:`fuzz_settings`, so other tests in the same session keep Hypothesis' defaults.
"""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings

PROFILE_VARIABLE = "KIOSK_FUZZ_PROFILE"
CI_EXAMPLES = 200
LONG_EXAMPLES = 20_000

settings.register_profile(
    "ci",
    max_examples=CI_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=LONG_EXAMPLES,
    deadline=timedelta(seconds=1),
    derandomize=False,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def active_profile() -> str:
    """The profile ``KIOSK_FUZZ_PROFILE`` names (``ci`` when unset)."""
    name = os.environ.get(PROFILE_VARIABLE, "ci") or "ci"
    if name not in ("ci", "long"):
        raise ValueError(f"{PROFILE_VARIABLE}={name!r}: use 'ci' or 'long'")
    return name


def fuzz_settings(share: float = 1.0) -> settings:
    """The active profile, with ``share`` of its examples (for parsers slow per example)."""
    profile = settings.get_profile(active_profile())
    return settings(profile, max_examples=max(10, int(profile.max_examples * share)))
