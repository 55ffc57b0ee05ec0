"""Read the chip of a Vietnamese citizen ID card (CCCD) through any APDU transport.

The sequence, per ICAO Doc 9303 Part 10/11:

1. read EF.CardAccess (011C) in the master file, before selecting the application: its
   PACEInfo says whether the chip offers PACE (``icao.pace``);
2. if it offers a PACE this kiosk supports and the CAN is known (the last 6 digits of the
   ID number), run PACE with it, then SELECT the eMRTD application (AID A0000002471001)
   under secure messaging;
3. otherwise, or if the chip refuses PACE or PACE fails, SELECT the application in plain and
   run BAC with each candidate key in turn (see ``cccd_access``), never more than a handful
   (CCCD chips accept BAC; some refuse PACE);
4. under secure messaging, read EF.COM, DG1 (MRZ), DG13 (personal data), DG2 (face) and
   EF.SOD (kept raw as evidence). ``ChipRead.access`` says which of PACE and BAC opened it.
   A face that cannot be shown does not fail the read: ``ChipRead.face`` says why (``dg2``).

A card without the eMRTD application is the wrong card.

Every condition a person can cause (card pulled, reader unplugged, wrong card, key that does
not open the chip) comes back as a :class:`~kiosk.chip_data.ChipReadFailure`, never as an
exception. The transport is anything with ``transmit(apdu) -> bytes | ChipReadFailure``: a
pyscard connection (``pcsc_transport.PyscardTransport``, which ``PcscChipReader`` there
reads through) or the card simulator in process.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Protocol

from hardware.card_reader.dg2 import face_image
from hardware.card_reader.dg13 import Dg13Rejection, parse_dg13
from hardware.card_reader.icao.bac import (
    BacChallenge,
    bac_keys,
    external_authenticate_data,
    initial_ssc,
    session_keys,
    verify_card_answer,
)
from hardware.card_reader.icao.card_access import PaceInfo, choose_pace_info, parse_card_access
from hardware.card_reader.icao.errors import (
    AuthenticationError,
    CardAccessError,
    PaceError,
    SecureMessagingError,
)
from hardware.card_reader.icao.pace import PASSWORD_CAN, PaceTerminal, can_password
from hardware.card_reader.icao.secure_messaging import SecureMessaging
from hardware.card_reader.mrz import MrzRejection, parse_dg1
from kiosk.chip_data import ChipRead, ChipReadFailure, ChipReadResult, FaceImageError

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
SW_OK = b"\x90\x00"
SW_END_OF_FILE = b"\x62\x82"


class ApduTransport(Protocol):
    """Sends one command APDU and returns the response APDU (data + SW1 SW2)."""

    def transmit(self, apdu: bytes) -> bytes | ChipReadFailure:
        """The response, or why there is none (card pulled, reader gone, …)."""
        ...


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


def _offered_pace(channel: _Channel) -> PaceInfo | None:
    """Read EF.CardAccess if the card has one: the first PACE it lists that we support.

    A card whose EF.CardAccess is missing, unreadable or not SecurityInfos is read with BAC;
    only a transport failure (card pulled) stops the read here.
    """
    try:
        card_access = _read_file(channel, FID_CARD_ACCESS, protected=False)
    except _AbortError as abort:
        if abort.failure is not ChipReadFailure.UNREADABLE:
            raise
        return None
    if card_access is None:
        return None
    try:
        offered = parse_card_access(card_access)
    except CardAccessError:
        logger.info("EF.CardAccess unreadable", extra={"event": "chip_card_access_bad"})
        return None
    chosen = choose_pace_info(offered)
    if offered and chosen is None:
        logger.info(
            "chip offers only PACE variants we do not support",
            extra={"event": "chip_pace_unsupported", "protocols": [i.protocol for i in offered]},
        )
    return chosen


def _pace(channel: _Channel, info: PaceInfo, can: str) -> bool:
    """Run PACE with the CAN; True once secure messaging runs in the eMRTD application.

    False when the chip refuses PACE or PACE fails (wrong CAN, a wrong answer): the caller
    falls back to BAC. A transport failure (card pulled) still stops the read.
    """
    started = time.perf_counter()
    try:
        terminal = PaceTerminal(info, can_password(can), PASSWORD_CAN)
    except PaceError:
        return False
    try:
        session = terminal.run(channel.plain)
    except PaceError as error:
        logger.info(
            "PACE failed; falling back to BAC",
            extra={"event": "chip_pace_failed", "step": terminal.step, "detail": str(error)},
        )
        return False
    except _AbortError as abort:
        if abort.failure is not ChipReadFailure.UNREADABLE:
            raise
        logger.info(
            "PACE failed; falling back to BAC",
            extra={"event": "chip_pace_failed", "step": terminal.step, "detail": str(abort)},
        )
        return False
    channel.sm = session.secure_messaging()
    selected = channel.protected(b"\x00\xa4\x04\x0c" + bytes([len(EMRTD_AID)]) + EMRTD_AID)
    if selected[-2:] != SW_OK:
        raise _AbortError(ChipReadFailure.NOT_A_CCCD, "no eMRTD application after PACE")
    logger.info(
        "PACE established",
        extra={
            "event": "chip_pace_done",
            "protocol": info.protocol,
            "parameter_id": info.parameter_id,
            "ms": round((time.perf_counter() - started) * 1000, 1),
        },
    )
    return True


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


def read_cccd_chip(
    transport: ApduTransport, keys: Sequence[str], *, can: str | None = None
) -> ChipReadResult:
    """Read a CCCD chip through ``transport`` with the BAC ``keys`` (MRZ information) given.

    With ``can`` (the card access number, see ``cccd_access.card_access_number``), a chip
    that offers PACE is opened with PACE first; BAC with ``keys`` is the fallback. Without
    it, BAC only. Returns :class:`~kiosk.chip_data.ChipRead`, or the
    :class:`~kiosk.chip_data.ChipReadFailure` that stopped it.
    """
    channel = _Channel(transport)
    try:
        return _read(channel, keys, can)
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


def _read(channel: _Channel, keys: Sequence[str], can: str | None) -> ChipReadResult:
    pace_info = _offered_pace(channel)
    access = "PACE"
    if pace_info is None or can is None or not _pace(channel, pace_info, can):
        access = "BAC"
        channel.sm = None
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
    face = face_image(files[FID_DG2])
    if isinstance(face, FaceImageError):
        logger.warning(
            "chip face cannot be shown",
            extra={
                "event": "chip_face_unreadable",
                "reason": face.reason.value,
                "format": face.image_format,
            },
        )
    logger.info(
        "chip read",
        extra={"event": "chip_read_done", "access": access, "apdus": channel.count},
    )
    return ChipRead(
        identity=identity,
        mrz=mrz,
        face=face,
        sod=files.pop(FID_SOD),
        data_groups=files,
        access=access,
        apdu_count=channel.count,
    )
