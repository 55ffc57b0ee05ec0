"""The CCCD chip on a PC/SC reader (pcscd + pyscard): the transport ``cccd_chip`` reads
through, what PC/SC error codes mean to a person, and :class:`PcscChipReader`, which connects
to the card on a reader and reads it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date
from typing import Any

from smartcard import scard
from smartcard.Exceptions import CardConnectionException, NoCardException, SmartcardException
from smartcard.pcsc.PCSCExceptions import BaseSCardException

from hardware.card_reader.cccd_access import bac_candidates, card_access_number
from hardware.card_reader.cccd_chip import read_cccd_chip
from kiosk.cccd_qr import CitizenIdentity
from kiosk.chip_data import ChipReadFailure, ChipReadResult

# After a failed transmit, how long to wait for pcscd to say whether the card is still there.
DIAGNOSE_TRIES = 20
DIAGNOSE_INTERVAL_S = 0.05

_REMOVED = {
    scard.SCARD_W_REMOVED_CARD,
    scard.SCARD_E_NO_SMARTCARD,
    scard.SCARD_W_RESET_CARD,
    scard.SCARD_W_UNPOWERED_CARD,
    scard.SCARD_E_NOT_TRANSACTED,
}
_NO_READER = {
    scard.SCARD_E_READER_UNAVAILABLE,
    scard.SCARD_E_UNKNOWN_READER,
    scard.SCARD_E_NO_READERS_AVAILABLE,
}
_NO_SERVICE = {scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED}


def failure_for_pcsc_error(hresult: int) -> ChipReadFailure:
    """The person-level meaning of a PC/SC error code met while talking to a card."""
    code = hresult & 0xFFFFFFFF
    if code in {c & 0xFFFFFFFF for c in _REMOVED}:
        return ChipReadFailure.CARD_REMOVED
    if code in {c & 0xFFFFFFFF for c in _NO_READER}:
        return ChipReadFailure.NO_READER
    if code in {c & 0xFFFFFFFF for c in _NO_SERVICE}:
        return ChipReadFailure.SERVICE_UNAVAILABLE
    return ChipReadFailure.UNREADABLE


class PyscardTransport:
    """An open pyscard ``CardConnection`` as an :class:`~.cccd_chip.ApduTransport`."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def transmit(self, apdu: bytes) -> bytes | ChipReadFailure:
        """Send through pcscd; a PC/SC error becomes the matching failure."""
        try:
            data, sw1, sw2 = self.connection.transmit(list(apdu))
        except CardConnectionException as error:
            failure = failure_for_pcsc_error(error.hresult)
            if failure is ChipReadFailure.UNREADABLE:
                return self._diagnose()
            return failure
        return bytes(data) + bytes([sw1, sw2])

    def _diagnose(self) -> ChipReadFailure:
        """Why a transmit gave no answer: ask pcscd about the card for a short while.

        A card pulled in the middle of an APDU often shows up as an empty answer with no
        error code (vpcd does this, so do some contactless readers); pcscd learns that the
        card is gone a moment later, from its presence polling.
        """
        for _ in range(DIAGNOSE_TRIES):
            try:
                self.connection.getATR()
            except CardConnectionException as error:
                failure = failure_for_pcsc_error(error.hresult)
                if failure is not ChipReadFailure.UNREADABLE:
                    return failure
            time.sleep(DIAGNOSE_INTERVAL_S)
        return ChipReadFailure.UNREADABLE


class PcscChipReader:
    """Reads CCCD chips on the first PC/SC reader whose name contains the given text."""

    def __init__(self, reader_name_contains: str = "") -> None:
        self.reader_name_contains = reader_name_contains

    def read(self, identity: CitizenIdentity, today: date | None = None) -> ChipReadResult:
        """Read the card on the reader: PACE with the CAN, or BAC with keys from the QR."""
        return self.read_with_facts(
            identity.id_number, identity.date_of_birth, identity.issue_date, today
        )

    def read_with_facts(
        self,
        id_number: str,
        date_of_birth: date,
        issue_date: date | None = None,
        today: date | None = None,
    ) -> ChipReadResult:
        """Read the card on the reader with what opens it: PACE with the CAN (the last 6
        digits of ``id_number``), else BAC with the candidate keys (every likely expiry when
        the issue date is not known, as when the resident types the keys)."""
        keys = bac_candidates(id_number, date_of_birth, issue_date, today or date.today())
        return self.read_with_keys(keys, can=card_access_number(id_number))

    def read_with_keys(self, keys: Sequence[str], *, can: str | None = None) -> ChipReadResult:
        """Read the card on the reader with explicit BAC keys (MRZ information strings).

        ``can`` enables PACE (see :func:`read_cccd_chip`).
        """
        from smartcard.System import readers

        try:
            available = [r for r in readers() if self.reader_name_contains in str(r)]
        except (BaseSCardException, SmartcardException) as error:
            return failure_for_pcsc_error(getattr(error, "hresult", 0))
        if not available:
            return ChipReadFailure.NO_READER
        connection = available[0].createConnection()
        try:
            connection.connect()
        except NoCardException:
            return ChipReadFailure.NO_CARD
        except CardConnectionException as error:
            failure = failure_for_pcsc_error(error.hresult)
            return ChipReadFailure.NO_CARD if failure is ChipReadFailure.CARD_REMOVED else failure
        try:
            return read_cccd_chip(PyscardTransport(connection), keys, can=can)
        finally:
            try:
                connection.disconnect()
                connection.release()
            except (CardConnectionException, BaseSCardException):
                # The card or reader already went away; nothing is left to release.
                pass
