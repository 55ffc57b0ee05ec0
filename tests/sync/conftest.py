"""Shared fixtures for the sync tests: a hand-turned clock, submissions, a live simulator."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.app.cli import build_parser
from kiosk.settings import Settings, load_settings
from kiosk.submission import Submission, new_tracking_code, new_ulid
from sync.outbox import Outbox
from sync.portal_simulator import PortalSimulator, Timeline
from tests.fake_clock import FakeClock

TAM_TRU: dict[str, Any] = {
    "procedure": "dang-ky-tam-tru",
    "applicant": {
        "full_name": "Nguyễn Thị Lan",
        "id_number": "001199012345",
        "date_of_birth": "15/03/1984",
        "sex": "female",
        "address": "Số 1 Láng Hạ, Hà Nội",
    },
    "answers": {
        "stay_address": "Căn hộ 1205, Tòa A",
        "stay_months": "6",
        "housing_basis": "rent",
        "landlord_name": "Trần Văn Hùng",
        "phone": "0912345678",
    },
}
"""A temporary-residence form as `kiosk outbox submit` takes it (fictitious person)."""


def parse(argv: list[str]) -> argparse.Namespace:
    """The ``kiosk`` command line, parsed."""
    return build_parser().parse_args(argv)


@pytest.fixture
def settings() -> Settings:
    """The shipped configuration, no environment overrides."""
    return load_settings(environ={})


START = datetime(2025, 3, 14, 2, 30, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def make_submission(clock: FakeClock) -> Callable[..., Submission]:
    def make(**overrides: object) -> Submission:
        clock.advance(1)  # each one a second younger than the last, so order is known
        fields: dict[str, object] = {
            "local_id": new_ulid(clock.now),
            "tracking_code": new_tracking_code(),
            "procedure_code": "1.001234",
            "procedure_version": 3,
            "kiosk_id": "kiosk-hbt-01",
            "created_at": clock.now,
            "applicant": {"full_name": "Nguyễn Văn An", "id_number": "001099012345"},
            "answers": {"reason": "Đăng ký thường trú"},
        }
        fields.update(overrides)
        return Submission(**fields)  # type: ignore[arg-type]

    return make


@pytest.fixture
def outbox(tmp_path: Path, clock: FakeClock) -> Iterator[Outbox]:
    box = Outbox(tmp_path / "kiosk" / "outbox.sqlite3", clock=clock)
    yield box
    box.close()


@pytest.fixture
def simulator(tmp_path: Path) -> Iterator[PortalSimulator]:
    # Told to take unenrolled kiosks, as the demo's is: these tests are not about credentials.
    sim = PortalSimulator(tmp_path / "portal", allow_unenrolled=True)
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture
def timed_portal(tmp_path: Path, clock: FakeClock) -> Iterator[PortalSimulator]:
    """A simulator on the test's clock: dossiers are processed after 60 s, decided after 300 s."""
    sim = PortalSimulator(
        tmp_path / "portal", clock=clock, timeline=Timeline(60, 300), allow_unenrolled=True
    )
    sim.start()
    yield sim
    sim.stop()
