"""Fixtures for the chip tests: test identities, and the real PC/SC stack with vpcd.

``pcscd_with_vpcd`` starts ``pcscd --foreground`` itself when no PC/SC service with the vpcd
driver is running (we are root in CI; pcscd reads /etc/reader.conf.d/vpcd when it starts),
waits until pyscard lists "Virtual PCD 00 00", and stops only what it started.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from hardware.card_reader.cccd_simulator import CccdCardSimulator, demo_identity
from hardware.card_reader.interface import ReaderState
from hardware.card_reader.pcsc_reader import PcscCardReader
from kiosk.cccd_qr import CitizenIdentity, Sex

VIRTUAL_READER = "Virtual PCD 00 00"
VPCD_CONFIG = Path("/etc/reader.conf.d/vpcd")
START_TIMEOUT_S = 20.0
STATE_TIMEOUT_S = 10.0
TODAY = date(2026, 11, 23)


def _virtual_reader_listed() -> bool:
    from smartcard.System import readers

    try:
        return any(VIRTUAL_READER in str(reader) for reader in readers())
    except Exception:  # any PC/SC failure here just means "not yet"
        return False


@pytest.fixture(scope="session")
def pcscd_with_vpcd() -> Iterator[None]:
    """A PC/SC service showing the vpcd virtual readers, for the whole session."""
    if _virtual_reader_listed():
        yield
        return
    pcscd = shutil.which("pcscd") or "/usr/sbin/pcscd"
    if not Path(pcscd).exists() or not VPCD_CONFIG.exists():
        pytest.fail("the chip tests need the Debian packages pcscd and vsmartcard-vpcd")
    process = subprocess.Popen(
        [pcscd, "--foreground"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _virtual_reader_listed():
            if time.monotonic() > deadline:
                pytest.fail(f"pcscd did not show {VIRTUAL_READER!r} within {START_TIMEOUT_S} s")
            time.sleep(0.1)
        yield
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def wait_for_state(state: ReaderState) -> None:
    """Wait (generously) until pcscd reports ``state`` on the virtual reader."""
    watcher = PcscCardReader(VIRTUAL_READER)
    deadline = time.monotonic() + STATE_TIMEOUT_S
    while watcher.state() is not state:
        if time.monotonic() > deadline:
            pytest.fail(f"the virtual reader never became {state.value}")
        time.sleep(0.05)


@pytest.fixture
def card_on_virtual_reader(
    pcscd_with_vpcd: None,
) -> Iterator[Callable[[CccdCardSimulator], CccdCardSimulator]]:
    """Puts a simulated card on "Virtual PCD 00 00"; takes it off again after the test."""
    inserted: list[CccdCardSimulator] = []

    def insert(card: CccdCardSimulator) -> CccdCardSimulator:
        assert card.insert(timeout_s=STATE_TIMEOUT_S), "vpcd is not listening"
        inserted.append(card)
        wait_for_state(ReaderState.CARD_PRESENT)
        return card

    yield insert
    for card in inserted:
        card.remove()
    if inserted:
        wait_for_state(ReaderState.EMPTY)


@pytest.fixture
def lan() -> CitizenIdentity:
    """The demo citizen, Nguyễn Thị Lan, born 15/03/1984, card issued 10/08/2021."""
    return demo_identity()


@pytest.fixture
def huong() -> CitizenIdentity:
    """A citizen with the rarer diacritics: Nguyễn Thị Ngọc Hường."""
    return CitizenIdentity(
        id_number="001301012345",
        full_name="Nguyễn Thị Ngọc Hường",
        date_of_birth=date(2001, 2, 28),
        sex=Sex.FEMALE,
        address="Số 5 phố Đội Cấn, Phường Ngọc Hà, Thành phố Hà Nội",
        issue_date=date(2021, 5, 4),
    )


@pytest.fixture
def khanh() -> CitizenIdentity:
    """A citizen whose name starts with Đ: Đặng Quốc Khánh, no expiry (issued at 60)."""
    return CitizenIdentity(
        id_number="036060001234",
        full_name="Đặng Quốc Khánh",
        date_of_birth=date(1960, 9, 2),
        sex=Sex.MALE,
        address="Thôn Đông, Xã Ý Yên, Tỉnh Ninh Bình",
        issue_date=date(2021, 3, 1),
        old_id_number="162012345",
    )
