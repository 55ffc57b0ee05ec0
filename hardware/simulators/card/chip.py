"""A simulated CCCD chip: an ICAO eMRTD applet with PACE, BAC and secure messaging.

It answers command APDUs like the chip of a Vietnamese citizen ID card: SELECT and READ
BINARY of EF.CardAccess in the master file, MSE:Set AT and GENERAL AUTHENTICATE (PACE with
the CAN), SELECT of the eMRTD application (AID A0000002471001), GET CHALLENGE and EXTERNAL
AUTHENTICATE (BAC), then, only under secure messaging, SELECT and READ BINARY of EF.COM, DG1,
DG2, DG13 and EF.SOD. The crypto is the card's half (``pace_chip``, ``secure_channel``) of
the kiosk's own protocol code, ``hardware.card_reader.icao``.

``pace`` chooses what the card does about PACE (:class:`PaceMode`): ``off`` has no
EF.CardAccess and knows BAC only (the cards of 2021); ``accept`` lists PACEInfo in
EF.CardAccess and runs PACE; ``refuse`` lists it but refuses MSE:Set AT, as some real CCCD
chips do, so the reader must fall back to BAC. Every mode accepts BAC. ``can`` gives the card
another CAN than the last 6 digits of the ID number (a wrong-CAN test).

Two ways to use it:

- in process: ``transmit(apdu) -> response`` (fast unit tests, the benchmark);
- behind the real PC/SC stack: ``insert()`` connects to the vpcd driver of pcscd
  (``vpcd_link``), so pyscard and pcscd see a card in "Virtual PCD 00 00"; ``remove()``
  disconnects: the card is pulled.

``pull_after(n)`` pulls the card by itself after ``n`` more APDUs, for the mid-read tests.
"""

from __future__ import annotations

import logging
import secrets
import threading
from datetime import date
from enum import StrEnum

from hardware.card_reader.cccd_access import card_access_number
from hardware.card_reader.icao.bac import bac_keys, mrz_information
from hardware.card_reader.icao.card_access import ID_PACE_ECDH_GM_AES_CBC_CMAC_128, PaceInfo
from hardware.card_reader.icao.curves import PARAM_BRAINPOOL_P256R1
from hardware.card_reader.icao.errors import IcaoError, SecureMessagingError
from hardware.card_reader.icao.pace import PASSWORD_CAN, PASSWORD_MRZ, can_password, mrz_password
from hardware.simulators.card.files import (
    FID_CARD_ACCESS,
    CardFiles,
    FaceFormat,
    build_card_access,
    build_card_files,
)
from hardware.simulators.card.pace_chip import PaceChip
from hardware.simulators.card.secure_channel import (
    CardSecureMessaging,
    answer_external_authenticate,
)
from hardware.simulators.card.vpcd_link import (
    CONTROL_ATR,
    CONTROL_POWER_OFF,
    CONTROL_POWER_ON,
    CONTROL_RESET,
    VPCD_HOST,
    VPCD_PORT,
    VpcdLink,
)
from kiosk.cccd_qr import CitizenIdentity, parse_cccd_qr
from kiosk.chip_data import ChipReadFailure

logger = logging.getLogger(__name__)

EMRTD_AID = bytes.fromhex("A0000002471001")
# ISO 14443-4 card without historical bytes, T=1: what pcsc-lite shows for contactless cards.
ATR = bytes.fromhex("3B80800101")
DEMO_QR = (
    "001184012345||Nguyễn Thị Lan|15031984|Nữ|"
    "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội|10082021"
)
DEMO_EXPIRY = date(2024, 3, 15)  # issued at 37: valid until the 40th birthday

SW_OK = b"\x90\x00"
SW_WRONG_LENGTH = b"\x67\x00"
SW_SECURITY_NOT_SATISFIED = b"\x69\x82"
SW_AUTH_FAILED = b"\x63\x00"
SW_SM_OBJECTS_WRONG = b"\x69\x88"
SW_NOT_FOUND = b"\x6a\x82"
SW_WRONG_P1P2 = b"\x6b\x00"
SW_INS_NOT_SUPPORTED = b"\x6d\x00"
SW_CLA_NOT_SUPPORTED = b"\x6e\x00"
SW_NO_FILE_SELECTED = b"\x69\x86"
SW_CONDITIONS_NOT_SATISFIED = b"\x69\x85"


class PaceMode(StrEnum):
    """What a simulated card does about PACE (every mode also accepts BAC)."""

    OFF = "off"  # no EF.CardAccess, no PACE: BAC only
    ACCEPT = "accept"  # offers PACE in EF.CardAccess and runs it
    REFUSE = "refuse"  # offers PACE but refuses MSE:Set AT


def demo_identity() -> CitizenIdentity:
    """The demo citizen (Nguyễn Thị Lan) as the QR code gives her."""
    parsed = parse_cccd_qr(DEMO_QR)
    assert isinstance(parsed, CitizenIdentity), "the demo QR payload must parse"
    return parsed


class CccdCardSimulator:
    """One simulated chip. ``emrtd`` False makes a card without the eMRTD application.

    ``pace`` and ``can``: see the module. ``pace_info`` is the PACEInfo an offering card lists
    (``id-PACE-ECDH-GM-AES-CBC-CMAC-128`` on brainpoolP256r1 unless given); ``card_access``
    replaces the whole EF.CardAccess with raw bytes (then ``pace`` says only whether the card
    runs PACE). ``face`` is how DG2 stores the face (:class:`~.files.FaceFormat`: JPEG, JPEG
    2000 as JP2 or codestream, or broken). ``access`` tells how the last secure session was
    opened (``"PACE"``/``"BAC"``).
    """

    def __init__(
        self,
        identity: CitizenIdentity | None = None,
        *,
        date_of_expiry: date | None = DEMO_EXPIRY,
        emrtd: bool = True,
        card_access: bytes | None = None,
        pace: PaceMode | str = PaceMode.OFF,
        can: str | None = None,
        pace_info: PaceInfo | None = None,
        face: FaceFormat | str = FaceFormat.JPEG,
        host: str = VPCD_HOST,
        port: int = VPCD_PORT,
    ) -> None:
        self.identity = identity or demo_identity()
        self.pace = PaceMode(pace)
        self.pace_info = pace_info or PaceInfo(
            ID_PACE_ECDH_GM_AES_CBC_CMAC_128, parameter_id=PARAM_BRAINPOOL_P256R1
        )
        if card_access is None and self.pace is not PaceMode.OFF:
            card_access = build_card_access([self.pace_info])
        self.card: CardFiles = build_card_files(
            self.identity, date_of_expiry, card_access=card_access, face=face
        )
        self.emrtd = emrtd
        self.host = host
        self.port = port
        mrz_info = mrz_information(
            self.card.document_number, self.card.date_of_birth, self.card.date_of_expiry
        )
        self.k_enc, self.k_mac = bac_keys(mrz_info)
        self.can = can if can is not None else card_access_number(self.identity.id_number)
        self._pace_passwords = {
            PASSWORD_CAN: can_password(self.can),
            PASSWORD_MRZ: mrz_password(mrz_info),
        }
        self._pace_chip: PaceChip | None = None
        self.apdu_count = 0
        self.auth_failures = 0
        self.pace_failures = 0
        self.access: str | None = None
        self._lock = threading.Lock()
        self._pull_at: int | None = None
        self._pulled = False
        self._link: VpcdLink | None = None
        self._reset()

    # --- the card's state machine ---------------------------------------------------------

    def _reset(self) -> None:
        self._app_selected = False
        self._selected: int | None = None
        self._rnd_ic: bytes | None = None
        self._sm: CardSecureMessaging | None = None
        self._pace_chip = None

    def transmit(self, apdu: bytes) -> bytes | ChipReadFailure:
        """Answer one command APDU in process (or CARD_REMOVED once the card is pulled)."""
        with self._lock:
            if self._pulled:
                return ChipReadFailure.CARD_REMOVED
            if self._pull_at is not None and self.apdu_count >= self._pull_at:
                self._pulled = True
                if self._link is not None:
                    self._link.close()
                return ChipReadFailure.CARD_REMOVED
            self.apdu_count += 1
            return self._answer(bytes(apdu))

    def _answer(self, apdu: bytes) -> bytes:
        if len(apdu) < 4:
            return SW_WRONG_LENGTH
        cla, ins = apdu[0], apdu[1]
        if cla & 0x0C == 0x0C:
            return self._answer_protected(apdu)
        if cla != 0x00 and not (cla == 0x10 and ins == 0x86):
            return SW_CLA_NOT_SUPPORTED
        if self._sm is not None:
            # A plain command ends secure messaging, as on real chips.
            self._sm = None
        if ins != 0x86 and not (ins == 0x22 and apdu[2:4] == b"\xc1\xa4"):
            # Anything but the next PACE step abandons a PACE attempt.
            self._pace_chip = None
        if ins == 0x22:
            return self._mse_set_at(apdu)
        if ins == 0x86:
            return self._general_authenticate(apdu)
        if ins == 0xA4:
            return self._select(apdu[2], apdu[5 : 5 + apdu[4]] if len(apdu) > 5 else b"")
        if ins == 0xB0:
            if self._selected != FID_CARD_ACCESS:
                return SW_SECURITY_NOT_SATISFIED
            return self._read_binary(apdu[2], apdu[3], apdu[4] if len(apdu) > 4 else 0)
        if ins == 0x84 and self._app_selected:
            self._rnd_ic = secrets.token_bytes(8)
            return self._rnd_ic + SW_OK
        if ins == 0x82 and self._app_selected:
            return self._external_authenticate(apdu[5 : 5 + apdu[4]] if len(apdu) > 5 else b"")
        return SW_INS_NOT_SUPPORTED

    def _command_data(self, apdu: bytes) -> bytes | None:
        if len(apdu) < 6 or len(apdu) < 5 + apdu[4]:
            return None
        return apdu[5 : 5 + apdu[4]]

    def _mse_set_at(self, apdu: bytes) -> bytes:
        if apdu[2:4] != b"\xc1\xa4":
            return SW_WRONG_P1P2
        if self.pace is PaceMode.OFF:
            return SW_INS_NOT_SUPPORTED
        if self.pace is PaceMode.REFUSE:
            return SW_CONDITIONS_NOT_SATISFIED
        data = self._command_data(apdu)
        if data is None:
            return SW_WRONG_LENGTH
        chip = PaceChip([self.pace_info], self._pace_passwords)
        sw = chip.set_at(data)
        self._pace_chip = chip if sw == SW_OK else None
        return sw

    def _general_authenticate(self, apdu: bytes) -> bytes:
        chip = self._pace_chip
        data = self._command_data(apdu)
        if chip is None:
            return SW_CONDITIONS_NOT_SATISFIED
        if data is None:
            self._pace_chip = None
            return SW_WRONG_LENGTH
        answer = chip.general_authenticate(data)
        if answer[-2:] != SW_OK:
            self.pace_failures += 1
            self._pace_chip = None
        elif chip.session is not None:
            # PACE done: secure messaging from here, still in the master file.
            self._pace_chip = None
            self._app_selected = False
            self._selected = None
            self._sm = CardSecureMessaging(chip.session.secure_messaging())
            self.access = "PACE"
        return answer

    def _select(self, p1: int, data: bytes) -> bytes:
        if p1 == 0x04:
            if self.emrtd and data == EMRTD_AID:
                # Secure messaging (after PACE) goes on into the application.
                self._app_selected = True
                self._selected = None
                self._rnd_ic = None
                return SW_OK
            return SW_NOT_FOUND
        if p1 == 0x02 and len(data) == 2:
            fid = int.from_bytes(data, "big")
            if self._sm is None:
                # Without secure messaging only EF.CardAccess is readable.
                if fid == FID_CARD_ACCESS and fid in self.card.files:
                    self._selected = fid
                    return SW_OK
                return SW_NOT_FOUND if not self._app_selected else SW_SECURITY_NOT_SATISFIED
            if self._app_selected and fid in self.card.files and fid != FID_CARD_ACCESS:
                self._selected = fid
                return SW_OK
            return SW_NOT_FOUND
        return SW_WRONG_P1P2

    def _read_binary(self, p1: int, p2: int, le: int) -> bytes:
        if self._selected is None:
            return SW_NO_FILE_SELECTED
        if p1 & 0x80:
            return SW_WRONG_P1P2
        content = self.card.files[self._selected]
        offset = (p1 << 8) | p2
        if offset > len(content):
            return SW_WRONG_P1P2
        return content[offset : offset + (le or 256)] + SW_OK

    def _external_authenticate(self, data: bytes) -> bytes:
        rnd_ic, self._rnd_ic = self._rnd_ic, None
        if rnd_ic is None or len(data) != 40:
            return SW_SECURITY_NOT_SATISFIED
        try:
            answer, session = answer_external_authenticate(data, rnd_ic, self.k_enc, self.k_mac)
        except IcaoError:
            self.auth_failures += 1
            return SW_AUTH_FAILED
        self._sm = CardSecureMessaging(session)
        self.access = "BAC"
        return answer + SW_OK

    def _answer_protected(self, apdu: bytes) -> bytes:
        sm = self._sm
        if sm is None:
            return SW_SECURITY_NOT_SATISFIED
        try:
            command = sm.unprotect_command(apdu)
        except SecureMessagingError:
            self._sm = None
            return SW_SM_OBJECTS_WRONG
        if command.ins == 0xA4:
            plain = self._select(command.p1, command.data)
        elif command.ins == 0xB0:
            plain = self._read_binary(command.p1, command.p2, command.le or 0)
        else:
            plain = SW_INS_NOT_SUPPORTED
        return sm.protect_response(plain[:-2], plain[-2:])

    # --- presence on the virtual reader -----------------------------------------------------

    def pull_after(self, apdus: int) -> None:
        """Pull the card by itself once ``apdus`` more command APDUs have been answered."""
        with self._lock:
            self._pull_at = self.apdu_count + apdus

    def insert(self, timeout_s: float = 10.0) -> bool:
        """Put the card on the virtual reader (connect to vpcd); False if vpcd is not there."""
        link = VpcdLink.connect(self.host, self.port, timeout_s)
        if link is None:
            return False
        with self._lock:
            self._pulled = False
            self._pull_at = None
            self._link = link
            self._reset()
        link.serve(self._vpcd_apdu, self._vpcd_control)
        logger.info("simulated card inserted", extra={"event": "chip_sim_inserted"})
        return True

    def remove(self) -> None:
        """Pull the card off the virtual reader (disconnect from vpcd)."""
        with self._lock:
            self._pulled = True
            link = self._link
            if link is not None:
                link.close()
        if link is not None:
            link.join(timeout_s=5)
        logger.info("simulated card removed", extra={"event": "chip_sim_removed"})

    def _vpcd_apdu(self, apdu: bytes) -> bytes | None:
        response = self.transmit(apdu)
        return None if isinstance(response, ChipReadFailure) else response

    def _vpcd_control(self, code: int) -> bytes | None:
        if code == CONTROL_ATR:
            return ATR
        if code in (CONTROL_POWER_OFF, CONTROL_POWER_ON, CONTROL_RESET):
            with self._lock:
                self._reset()
        return None
