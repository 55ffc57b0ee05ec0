"""A simulated CCCD chip: an ICAO eMRTD applet with PACE, BAC and secure messaging.

It answers command APDUs like the chip of a Vietnamese citizen ID card: SELECT and READ
BINARY of EF.CardAccess in the master file, MSE:Set AT and GENERAL AUTHENTICATE (PACE with
the CAN), SELECT of the eMRTD application (AID A0000002471001), GET CHALLENGE and EXTERNAL
AUTHENTICATE (BAC), then, only under secure messaging, SELECT and READ BINARY of EF.COM, DG1,
DG2, DG13 and EF.SOD. The crypto is ``hardware.icao`` and ``hardware.pace``, the card's half.

``pace`` chooses what the card does about PACE (:class:`PaceMode`): ``off`` has no
EF.CardAccess and knows BAC only (the cards of 2021); ``accept`` lists PACEInfo in
EF.CardAccess and runs PACE; ``refuse`` lists it but refuses MSE:Set AT, as some real CCCD
chips do, so the reader must fall back to BAC. Every mode accepts BAC. ``can`` gives the card
another CAN than the last 6 digits of the ID number (a wrong-CAN test).

Two ways to use it:

- in process: ``transmit(apdu) -> response`` (fast unit tests, the benchmark);
- behind the real PC/SC stack: ``insert()`` connects to the vpcd driver of pcscd on
  127.0.0.1:35963 and serves the vpcd protocol (2-byte big-endian length + payload; a 1-byte
  payload is a control code: 0 power off, 1 power on, 2 reset, 4 get ATR), so pyscard and
  pcscd see a card in "Virtual PCD 00 00". ``remove()`` disconnects: the card is pulled.

``pull_after(n)`` pulls the card by itself after ``n`` more APDUs, for the mid-read tests.
Run ``python -m hardware.card_reader.cccd_simulator [--pace accept]`` to put the demo
citizen's card on the virtual reader of a running pcscd (``--bench N`` measures in-process
reads instead); ``python -m hardware.card_reader.vpcd_service`` also starts pcscd if needed.

This is the project's own code, written from ICAO Doc 9303 and the vpcd protocol notes; it
does not use vsmartcard's (GPL) Python.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import secrets
import socket
import struct
import sys
import threading
import time
from datetime import date
from enum import StrEnum

from hardware.card_reader.cccd_access import card_access_number
from hardware.card_reader.cccd_card_files import (
    FID_CARD_ACCESS,
    CardFiles,
    build_card_files,
)
from hardware.icao import (
    AuthenticationError,
    IcaoError,
    SecureMessaging,
    SecureMessagingError,
    bac_keys,
    initial_ssc,
    mrz_information,
    retail_mac,
    session_keys,
    tdes_decrypt,
    tdes_encrypt,
)
from hardware.pace import (
    ID_PACE_ECDH_GM_AES_CBC_CMAC_128,
    PARAM_BRAINPOOL_P256R1,
    PASSWORD_CAN,
    PASSWORD_MRZ,
    PaceChip,
    PaceInfo,
    build_card_access,
    can_password,
    mrz_password,
)
from kiosk.cccd_qr import CitizenIdentity, parse_cccd_qr
from kiosk.chip_data import ChipReadFailure

logger = logging.getLogger(__name__)

EMRTD_AID = bytes.fromhex("A0000002471001")
VPCD_HOST = "127.0.0.1"
VPCD_PORT = 35963
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

_CONTROL_POWER_OFF = 0
_CONTROL_POWER_ON = 1
_CONTROL_RESET = 2
_CONTROL_ATR = 4


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
    runs PACE). ``access`` tells how the last secure session was opened (``"PACE"``/``"BAC"``).
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
            self.identity, date_of_expiry, card_access=card_access
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
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._reset()

    # --- the card's state machine ---------------------------------------------------------

    def _reset(self) -> None:
        self._app_selected = False
        self._selected: int | None = None
        self._rnd_ic: bytes | None = None
        self._sm: SecureMessaging | None = None
        self._pace_chip = None

    def transmit(self, apdu: bytes) -> bytes | ChipReadFailure:
        """Answer one command APDU in process (or CARD_REMOVED once the card is pulled)."""
        with self._lock:
            if self._pulled:
                return ChipReadFailure.CARD_REMOVED
            if self._pull_at is not None and self.apdu_count >= self._pull_at:
                self._pulled = True
                self._close_socket()
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
            self._sm = chip.session.secure_messaging()
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
        e_ifd, m_ifd = data[:32], data[32:]
        try:
            if retail_mac(self.k_mac, e_ifd) != m_ifd:
                raise AuthenticationError("wrong MAC")
            s = tdes_decrypt(self.k_enc, e_ifd)
            if s[8:16] != rnd_ic:
                raise AuthenticationError("RND.IC not echoed")
        except IcaoError:
            self.auth_failures += 1
            return SW_AUTH_FAILED
        rnd_ifd, k_ifd = s[:8], s[16:32]
        k_ic = secrets.token_bytes(16)
        e_ic = tdes_encrypt(self.k_enc, rnd_ic + rnd_ifd + k_ic)
        answer = e_ic + retail_mac(self.k_mac, e_ic)
        ks_enc, ks_mac = session_keys(k_ifd, k_ic)
        self._sm = SecureMessaging(ks_enc, ks_mac, initial_ssc(rnd_ic, rnd_ifd))
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
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=2.0)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.1)
        sock.settimeout(None)
        # vpcd answers one message at a time: Nagle's algorithm would only add delay.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._lock:
            self._pulled = False
            self._pull_at = None
            self._socket = sock
            self._reset()
        self._thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
        self._thread.start()
        logger.info("simulated card inserted", extra={"event": "chip_sim_inserted"})
        return True

    def remove(self) -> None:
        """Pull the card off the virtual reader (disconnect from vpcd)."""
        with self._lock:
            self._pulled = True
            self._close_socket()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
        logger.info("simulated card removed", extra={"event": "chip_sim_removed"})

    def _close_socket(self) -> None:
        sock, self._socket = self._socket, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _serve(self, sock: socket.socket) -> None:
        try:
            while True:
                header = _receive(sock, 2)
                if header is None:
                    return
                (length,) = struct.unpack(">H", header)
                payload = _receive(sock, length)
                if payload is None:
                    return
                if length == 1:
                    answer = self._control(payload[0])
                else:
                    response = self.transmit(payload)
                    if isinstance(response, ChipReadFailure):
                        return
                    answer = response
                if answer is not None:
                    sock.sendall(struct.pack(">H", len(answer)) + answer)
        except OSError:
            return

    def _control(self, code: int) -> bytes | None:
        if code == _CONTROL_ATR:
            return ATR
        if code in (_CONTROL_POWER_OFF, _CONTROL_POWER_ON, _CONTROL_RESET):
            with self._lock:
                self._reset()
        return None


def _receive(sock: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        try:
            chunk = sock.recv(size - len(data))
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
    return data


class _TimedCard:
    """Wraps a simulated card to keep the card's CPU time apart from the reader's."""

    def __init__(self, card: CccdCardSimulator) -> None:
        self.card = card
        self.cpu = 0.0

    def transmit(self, apdu: bytes) -> bytes | ChipReadFailure:
        started = time.process_time()
        try:
            return self.card.transmit(apdu)
        finally:
            self.cpu += time.process_time() - started


def _bench(rounds: int, pace: PaceMode) -> None:
    from hardware.card_reader.cccd_access import bac_candidates
    from hardware.card_reader.cccd_chip import read_cccd_chip

    identity = demo_identity()
    keys = bac_candidates(
        identity.id_number, identity.date_of_birth, identity.issue_date, date(2026, 1, 1)
    )
    can = card_access_number(identity.id_number)
    apdus = 0
    total_cpu = 0.0
    card_cpu = 0.0
    accesses: set[str] = set()
    for _ in range(rounds):
        card = _TimedCard(CccdCardSimulator(identity, pace=pace))
        # Building the card (Pillow, CMS) is not part of a read: time only the read.
        started = time.process_time()
        result = read_cccd_chip(card, keys, can=can)
        total_cpu += time.process_time() - started
        card_cpu += card.cpu
        if isinstance(result, ChipReadFailure):
            raise SystemExit(f"read failed: {result}")
        accesses.add(result.access)
        apdus += card.card.apdu_count
    reader_cpu = total_cpu - card_cpu
    print(
        f"card: pace={pace.value}, opened with {'/'.join(sorted(accesses))}; "
        f"reads: {rounds}, APDUs per read: {apdus / rounds:.0f}, "
        f"CPU per read: {total_cpu / rounds * 1000:.2f} ms "
        f"(reader {reader_cpu / rounds * 1000:.2f} ms, card {card_cpu / rounds * 1000:.2f} ms), "
        f"reader CPU per APDU: {reader_cpu / apdus * 1e6:.0f} us"
    )


def main(argv: list[str] | None = None) -> int:
    """Put the demo citizen's card on the virtual reader until Ctrl+C (or benchmark)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--port", type=int, default=VPCD_PORT)
    parser.add_argument("--no-emrtd", action="store_true", help="a card without the eMRTD app")
    parser.add_argument(
        "--pace", choices=[m.value for m in PaceMode], default="off", help="what the card does"
    )
    parser.add_argument("--bench", type=int, metavar="N", help="time N in-process reads")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.bench else logging.INFO)
    if args.bench:
        _bench(args.bench, PaceMode(args.pace))
        return 0
    card = CccdCardSimulator(emrtd=not args.no_emrtd, pace=args.pace, port=args.port)
    if not card.insert():
        print(f"vpcd is not listening on {VPCD_HOST}:{args.port} (is pcscd running?)")
        return 1
    print("card on the virtual reader; Ctrl+C pulls it")
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        card.remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
