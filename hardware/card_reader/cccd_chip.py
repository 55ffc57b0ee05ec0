"""Read the chip of a Vietnamese citizen ID card (CCCD) over PC/SC.

The sequence, per ICAO Doc 9303 Part 10/11:

1. look for EF.CardAccess (011C) before selecting the application: it tells whether the chip
   offers PACE. PACE is not implemented yet, so a chip that offers it is still opened with
   BAC (CCCD chips accept BAC; some refuse PACE anyway);
2. SELECT the eMRTD application (AID A0000002471001): a card without it is the wrong card;
3. BAC with each candidate key in turn (see ``cccd_access``), never more than a handful;
4. under secure messaging, read EF.COM, DG1 (MRZ), DG13 (personal data), DG2 (face) and
   EF.SOD (kept raw as evidence).

Every condition a person can cause (card pulled, reader unplugged, wrong card, key that does
not open the chip) comes back as a :class:`~kiosk.chip_data.ChipReadFailure`, never as an
exception. The transport is anything with ``transmit(apdu) -> bytes | ChipReadFailure``: a
pyscard connection (:class:`PyscardTransport`) or the card simulator in process.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from asn1crypto import parser
from smartcard import scard
from smartcard.Exceptions import CardConnectionException, NoCardException, SmartcardException
from smartcard.pcsc.PCSCExceptions import BaseSCardException

from hardware.card_reader.cccd_access import bac_candidates
from hardware.card_reader.dg13 import Dg13Rejection, parse_dg13
from hardware.card_reader.mrz import MrzRejection, parse_dg1
from hardware.icao import (
    AuthenticationError,
    BacChallenge,
    SecureMessaging,
    SecureMessagingError,
    bac_keys,
    external_authenticate_data,
    initial_ssc,
    session_keys,
    verify_card_answer,
)
from kiosk.cccd_qr import CitizenIdentity
from kiosk.chip_data import ChipRead, ChipReadFailure, ChipReadResult

logger = logging.getLogger(__name__)

EMRTD_AID = bytes.fromhex("A0000002471001")
FID_CARD_ACCESS = 0x011C
FID_COM = 0x011E
FID_DG1 = 0x0101
FID_DG2 = 0x0102
FID_DG13 = 0x010D
FID_SOD = 0x011D
# The order matters a little: the small files first, so a card pulled early fails fast.
FILES_TO_READ = (FID_COM, FID_DG1, FID_DG13, FID_DG2, FID_SOD)
# 223 plain bytes are the most one short protected READ BINARY response can carry.
CHUNK = 0xDF
MAX_FILE_SIZE = 0x7FFF  # READ BINARY with an even INS addresses 15 bits
PACE_OID_PREFIX = bytes.fromhex("04007F0007020204")  # id-PACE, 0.4.0.127.0.7.2.2.4
SW_OK = b"\x90\x00"
# After a failed transmit, how long to wait for pcscd to say whether the card is still there.
DIAGNOSE_TRIES = 20
DIAGNOSE_INTERVAL_S = 0.05
SW_END_OF_FILE = b"\x62\x82"

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


class ApduTransport(Protocol):
    """Sends one command APDU and returns the response APDU (data + SW1 SW2)."""

    def transmit(self, apdu: bytes) -> bytes | ChipReadFailure:
        """The response, or why there is none (card pulled, reader gone, …)."""
        ...


class PyscardTransport:
    """An open pyscard ``CardConnection`` as an :class:`ApduTransport`."""

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


class _AbortError(Exception):
    """Internal: unwinds a read to :func:`read_cccd_chip`, which returns the failure."""

    def __init__(self, failure: ChipReadFailure, why: str) -> None:
        super().__init__(why)
        self.failure = failure


class _Channel:
    """Counts APDUs and turns a missing response into :class:`_AbortError`."""

    def __init__(self, transport: ApduTransport) -> None:
        self.transport = transport
        self.count = 0
        self.sm: SecureMessaging | None = None

    def plain(self, apdu: bytes) -> bytes:
        self.count += 1
        response = self.transport.transmit(apdu)
        if isinstance(response, ChipReadFailure):
            raise _AbortError(response, "transport")
        if len(response) < 2:
            raise _AbortError(ChipReadFailure.UNREADABLE, "response without status word")
        return response

    def protected(self, apdu: bytes) -> bytes:
        sm = self.sm
        assert sm is not None, "secure messaging must be established first"
        response = self.plain(sm.protect(apdu))
        try:
            return sm.unprotect(response)
        except SecureMessagingError as error:
            raise _AbortError(ChipReadFailure.UNREADABLE, "secure messaging broke") from error


def _select_file_apdu(fid: int) -> bytes:
    return b"\x00\xa4\x02\x0c\x02" + fid.to_bytes(2, "big")


def _read_binary_apdu(offset: int, length: int) -> bytes:
    return b"\x00\xb0" + offset.to_bytes(2, "big") + bytes([length])


def _select_application(channel: _Channel) -> bool:
    response = channel.plain(b"\x00\xa4\x04\x0c" + bytes([len(EMRTD_AID)]) + EMRTD_AID)
    return response[-2:] == SW_OK


def _tlv_total_length(head: bytes) -> int | None:
    """Header + value length of the BER-TLV that starts ``head``; None if malformed."""
    if not head:
        return None
    pos = 1
    if head[0] & 0x1F == 0x1F:
        while pos < len(head) and head[pos] & 0x80:
            pos += 1
        pos += 1
    if pos >= len(head):
        return None
    first = head[pos]
    pos += 1
    if first < 0x80:
        return pos + first
    size = first & 0x7F
    if size == 0 or size > 3 or pos + size > len(head):
        return None
    return pos + size + int.from_bytes(head[pos : pos + size], "big")


def _read_file(channel: _Channel, fid: int, *, protected: bool) -> bytes | None:
    """The whole file, or None if the card says it is not there."""
    send = channel.protected if protected else channel.plain
    selected = send(_select_file_apdu(fid))
    if selected[-2:] != SW_OK:
        return None
    first = send(_read_binary_apdu(0, CHUNK))
    if first[-2:] not in (SW_OK, SW_END_OF_FILE):
        raise _AbortError(ChipReadFailure.UNREADABLE, "READ BINARY refused")
    content = first[:-2]
    total = _tlv_total_length(content[:8])
    if total is None or total > MAX_FILE_SIZE:
        raise _AbortError(ChipReadFailure.UNREADABLE, "file does not start with a TLV")
    while len(content) < total:
        chunk = send(_read_binary_apdu(len(content), min(CHUNK, total - len(content))))
        if chunk[-2:] not in (SW_OK, SW_END_OF_FILE) or len(chunk) == 2:
            raise _AbortError(ChipReadFailure.UNREADABLE, "READ BINARY stopped early")
        content += chunk[:-2]
    return content[:total]


def _offers_pace(channel: _Channel) -> bool:
    """Read EF.CardAccess if the card has one; True if it lists a PACE protocol."""
    card_access = _read_file(channel, FID_CARD_ACCESS, protected=False)
    return card_access is not None and PACE_OID_PREFIX in card_access


def _basic_access_control(channel: _Channel, keys: Sequence[str]) -> bool:
    """Try each MRZ-information key; True once one opens secure messaging."""
    for index, mrz_info in enumerate(keys):
        # A chip may drop the application after a failed attempt: select it again.
        if index > 0 and not _select_application(channel):
            raise _AbortError(ChipReadFailure.UNREADABLE, "application lost between attempts")
        challenge_response = channel.plain(b"\x00\x84\x00\x00\x08")
        if challenge_response[-2:] != SW_OK or len(challenge_response) != 10:
            raise _AbortError(ChipReadFailure.UNREADABLE, "GET CHALLENGE refused")
        rnd_ic = challenge_response[:8]
        k_enc, k_mac = bac_keys(mrz_info)
        challenge = BacChallenge.random()
        data = external_authenticate_data(challenge, rnd_ic, k_enc, k_mac)
        answer = channel.plain(b"\x00\x82\x00\x00\x28" + data + b"\x28")
        if answer[-2:] != SW_OK:
            logger.info(
                "BAC key candidate refused", extra={"event": "chip_bac_refused", "index": index}
            )
            continue
        try:
            k_ic = verify_card_answer(answer[:-2], challenge, rnd_ic, k_enc, k_mac)
        except AuthenticationError as error:
            raise _AbortError(ChipReadFailure.UNREADABLE, "card answered BAC wrongly") from error
        ks_enc, ks_mac = session_keys(challenge.k_ifd, k_ic)
        channel.sm = SecureMessaging(ks_enc, ks_mac, initial_ssc(rnd_ic, challenge.rnd_ifd))
        return True
    return False


def _face_jpeg(dg2: bytes) -> bytes:
    """The JPEG inside DG2's biometric data block (5F2E/7F2E); empty if there is none."""
    try:
        block = _find_tlv(dg2, {0x2E}, depth=0)
    except (ValueError, TypeError):
        return b""
    if block is None:
        return b""
    start = block.find(b"\xff\xd8\xff")
    return block[start:] if start >= 0 else b""


def _find_tlv(data: bytes, tags: set[int], depth: int) -> bytes | None:
    """Depth-first search of BER data for an application-class tag number in ``tags``."""
    if depth > 6:
        return None
    pos = 0
    while pos < len(data):
        class_, method, tag, header, contents, trailer = parser.parse(data[pos:])
        pos += len(header) + len(contents) + len(trailer)
        if class_ == 1 and tag in tags:
            return bytes(contents)
        if method == 1:
            found = _find_tlv(bytes(contents), tags, depth + 1)
            if found is not None:
                return found
    return None


def read_cccd_chip(transport: ApduTransport, keys: Sequence[str]) -> ChipReadResult:
    """Read a CCCD chip through ``transport`` with the BAC ``keys`` (MRZ information) given.

    Returns :class:`~kiosk.chip_data.ChipRead`, or the
    :class:`~kiosk.chip_data.ChipReadFailure` that stopped it.
    """
    channel = _Channel(transport)
    try:
        return _read(channel, keys)
    except _AbortError as abort:
        logger.info(
            "chip read failed",
            extra={
                "event": "chip_read_failed",
                "reason": abort.failure.value,
                "detail": str(abort),
                "apdus": channel.count,
            },
        )
        return abort.failure


def _read(channel: _Channel, keys: Sequence[str]) -> ChipReadResult:
    if _offers_pace(channel):
        # PACE (with CAN = last 6 digits) is not implemented: BAC is the fallback every
        # CCCD chip accepts.
        logger.info("chip offers PACE; using BAC", extra={"event": "chip_pace_offered"})
    if not _select_application(channel):
        raise _AbortError(ChipReadFailure.NOT_A_CCCD, "no eMRTD application")
    if not _basic_access_control(channel, keys):
        raise _AbortError(ChipReadFailure.ACCESS_DENIED, "no BAC key candidate opened the chip")
    files: dict[int, bytes] = {}
    for fid in FILES_TO_READ:
        content = _read_file(channel, fid, protected=True)
        if content is None:
            raise _AbortError(ChipReadFailure.UNREADABLE, f"file {fid:04X} missing")
        files[fid] = content
    mrz = parse_dg1(files[FID_DG1])
    if isinstance(mrz, MrzRejection):
        raise _AbortError(ChipReadFailure.UNREADABLE, f"DG1: {mrz.reason}")
    identity = parse_dg13(files[FID_DG13])
    if isinstance(identity, Dg13Rejection):
        raise _AbortError(ChipReadFailure.UNREADABLE, f"DG13: {identity.reason}")
    logger.info("chip read", extra={"event": "chip_read_done", "apdus": channel.count})
    return ChipRead(
        identity=identity,
        mrz=mrz,
        face_jpeg=_face_jpeg(files[FID_DG2]),
        sod=files.pop(FID_SOD),
        data_groups=files,
        access="BAC",
        apdu_count=channel.count,
    )


class PcscChipReader:
    """Reads CCCD chips on the first PC/SC reader whose name contains the given text."""

    def __init__(self, reader_name_contains: str = "") -> None:
        self.reader_name_contains = reader_name_contains

    def read(self, identity: CitizenIdentity, today: date | None = None) -> ChipReadResult:
        """Read the card on the reader, with BAC keys built from the QR identity."""
        keys = bac_candidates(
            identity.id_number, identity.date_of_birth, identity.issue_date, today or date.today()
        )
        return self.read_with_keys(keys)

    def read_with_keys(self, keys: Sequence[str]) -> ChipReadResult:
        """Read the card on the reader with explicit BAC keys (MRZ information strings)."""
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
            return read_cccd_chip(PyscardTransport(connection), keys)
        finally:
            try:
                connection.disconnect()
                connection.release()
            except (CardConnectionException, BaseSCardException):
                # The card or reader already went away; nothing is left to release.
                pass
