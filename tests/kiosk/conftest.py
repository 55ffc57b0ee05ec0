"""Shared pieces for the core's tests: the shipped catalogue, a clock moved by hand and a
resident's session on both."""

import pytest

from kiosk.procedures import Catalogue
from kiosk.session import KioskSession
from kiosk.settings import PROCEDURES_DIR
from tests.fake_clock import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return Catalogue.load(PROCEDURES_DIR)


@pytest.fixture
def session(catalogue, clock) -> KioskSession:
    return KioskSession(catalogue=catalogue, clock=clock, kiosk_id="HN-TEST-1")
