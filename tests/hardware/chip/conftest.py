"""Fixtures for the chip tests: test identities, and the real PC/SC stack with vpcd.

``pcscd_with_vpcd`` is :class:`~hardware.simulators.card.vpcd.PcscdService` for the
whole session: it uses a PC/SC service that already shows "Virtual PCD 00 00", or starts
``pcscd --foreground`` itself (we are root in CI; pcscd reads /etc/reader.conf.d/vpcd when
it starts) and stops only what it started. ``card_on_virtual_reader`` puts simulated cards
on the virtual reader through :class:`~hardware.simulators.card.vpcd.VirtualCardService`,
the same service the kiosk demo uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest

from hardware.simulators.card.chip import CccdCardSimulator, demo_identity
from hardware.simulators.card.vpcd import (
    VIRTUAL_READER,
    PcscdService,
    VirtualCardError,
    VirtualCardService,
    wait_for_reader_state,
)
from kiosk.cccd_qr import CitizenIdentity, Sex
from kiosk.chip_data import ChipReadFailure
from kiosk.ports import ReaderState

__all__ = ["TODAY", "VIRTUAL_READER", "FakeCorruptingCard", "wait_for_state"]

TODAY = date(2026, 11, 23)


class FakeCorruptingCard:
    """A real simulated card whose answer number ``index`` is replaced by ``garbage``."""

    def __init__(self, card: CccdCardSimulator, index: int, garbage: bytes) -> None:
        self.card = card
        self.index = index
        self.garbage = garbage
        self.count = 0

    def transmit(self, apdu: bytes) -> bytes | ChipReadFailure:
        response = self.card.transmit(apdu)
        self.count += 1
        return self.garbage if self.count == self.index else response


@pytest.fixture(scope="session")
def pcscd_with_vpcd() -> Iterator[PcscdService]:
    """A PC/SC service showing the vpcd virtual readers, for the whole session."""
    service = PcscdService(VIRTUAL_READER)
    try:
        service.start()
    except VirtualCardError as error:
        pytest.fail(f"the chip tests need pcscd and vsmartcard-vpcd: {error}")
    try:
        yield service
    finally:
        service.close()


def wait_for_state(state: ReaderState) -> None:
    """Wait (generously) until pcscd reports ``state`` on the virtual reader."""
    if not wait_for_reader_state(VIRTUAL_READER, state):
        pytest.fail(f"the virtual reader never became {state.value}")


@pytest.fixture
def card_on_virtual_reader(
    pcscd_with_vpcd: PcscdService,
) -> Iterator[Callable[[CccdCardSimulator], CccdCardSimulator]]:
    """Puts a simulated card on "Virtual PCD 00 00"; takes it off again after the test."""
    service = VirtualCardService(pcscd=pcscd_with_vpcd)
    yield service.insert
    service.remove()
    service.close()


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
