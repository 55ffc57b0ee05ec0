"""Shared pieces for the core's tests: the shipped catalogue and a clock moved by hand."""

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.procedures import Catalogue
from kiosk.settings import CONFIG_DIR


class FakeClock:
    """A clock that only moves when the test says so."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return Catalogue.load(CONFIG_DIR / "procedures")
