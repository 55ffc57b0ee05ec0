"""Secure messaging (ICAO Doc 9303 Part 11 §9.8): protected command and response APDUs.

Two kinds: :class:`SecureMessaging`, the 3DES one BAC starts (checked against the worked
example of Part 11 Appendix D), and :class:`AesSecureMessaging`, the AES one PACE starts: a
16-byte send sequence counter, AES-CBC with IV = E(KS_enc, SSC), and an AES-CMAC cut to
8 bytes.

:meth:`SecureMessaging.protect` and :meth:`SecureMessaging.unprotect` are the terminal's
half. The card's half (the simulator's, ``hardware.simulators.card``) is built on the same
per-message steps, which are public for that reason: :meth:`~SecureMessaging.next_ssc`,
:meth:`~SecureMessaging.checksum`, :meth:`~SecureMessaging.encrypt_do87` and
:meth:`~SecureMessaging.decrypt_do87`. So both sides use the same proven code.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from hardware.card_reader.icao.ciphers import (
    AES_BLOCK,
    BLOCK,
    aes_cmac,
    aes_decrypt,
    aes_ecb_block,
    aes_encrypt,
    pad,
    retail_mac,
    tdes_decrypt,
    tdes_encrypt,
    unpad,
)
from hardware.card_reader.icao.errors import IcaoError, SecureMessagingError
from hardware.card_reader.icao.tlv import parse_tlvs, tlv


@dataclass(frozen=True)
class CommandApdu:
    """A short command APDU split into its parts; ``le`` is None when absent (0 = 256)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    @classmethod
    def parse(cls, apdu: bytes) -> CommandApdu:
        """Split a short APDU (cases 1 to 4); anything else raises :class:`IcaoError`."""
        if len(apdu) < 4:
            raise IcaoError("an APDU has at least 4 bytes")
        cla, ins, p1, p2 = apdu[:4]
        body = apdu[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0])
        lc = body[0]
        if lc == 0:
            raise IcaoError("extended-length APDUs are not supported")
        if len(body) == 1 + lc:
            return cls(cla, ins, p1, p2, data=body[1:])
        if len(body) == 2 + lc:
            return cls(cla, ins, p1, p2, data=body[1 : 1 + lc], le=body[-1])
        raise IcaoError("APDU length does not match Lc")

    def to_bytes(self) -> bytes:
        """The APDU on the wire."""
        out = bytes([self.cla, self.ins, self.p1, self.p2])
        if self.data:
            out += bytes([len(self.data)]) + self.data
        if self.le is not None:
            out += bytes([self.le])
        return out


class SecureMessaging:
    """A 3DES secure-messaging session, as BAC starts it.

    Each message moves the send sequence counter ``ssc`` on by one, on both sides, so a
    replayed or dropped message breaks the MAC. :class:`AesSecureMessaging` is the same with
    AES.
    """

    block = BLOCK

    def __init__(self, ks_enc: bytes, ks_mac: bytes, ssc: bytes) -> None:
        self.ks_enc = ks_enc
        self.ks_mac = ks_mac
        self.ssc = ssc

    # The cipher of this kind of session; ``ssc`` is the message's counter value (AES needs
    # it for the IV).

    def _encrypt(self, data: bytes, ssc: bytes) -> bytes:
        return tdes_encrypt(self.ks_enc, data)

    def _decrypt(self, data: bytes, ssc: bytes) -> bytes:
        return tdes_decrypt(self.ks_enc, data)

    def checksum(self, message: bytes) -> bytes:
        """The MAC (DO'8E value) of ``message``: SSC || the covered data objects."""
        return retail_mac(self.ks_mac, message)

    # The steps of one message, the same for every kind and for both sides.

    def next_ssc(self) -> bytes:
        """Move the send sequence counter on by one, for the next message; its new value."""
        value = (int.from_bytes(self.ssc, "big") + 1) % (1 << (8 * len(self.ssc)))
        self.ssc = value.to_bytes(len(self.ssc), "big")
        return self.ssc

    def encrypt_do87(self, data: bytes, ssc: bytes) -> bytes:
        """DO'87: the padding-content indicator and ``data`` padded and encrypted."""
        return tlv(0x87, b"\x01" + self._encrypt(pad(data, self.block), ssc))

    def decrypt_do87(self, value: bytes, ssc: bytes) -> bytes:
        """The plain data of a DO'87 value; anything malformed raises SecureMessagingError."""
        if not value or value[0] != 0x01 or len(value) == 1 or (len(value) - 1) % self.block:
            raise SecureMessagingError("DO'87 is not padded ciphertext")
        try:
            return unpad(self._decrypt(value[1:], ssc))
        except IcaoError as error:
            raise SecureMessagingError(str(error)) from error

    # The terminal's half.

    def protect(self, apdu: bytes) -> bytes:
        """The protected form of a plain command APDU (short, even INS)."""
        command = CommandApdu.parse(apdu)
        cla = command.cla | 0x0C
        header = bytes([cla, command.ins, command.p1, command.p2])
        ssc = self.next_ssc()
        do87 = self.encrypt_do87(command.data, ssc) if command.data else b""
        do97 = tlv(0x97, bytes([command.le])) if command.le is not None else b""
        cc = self.checksum(ssc + pad(header, self.block) + do87 + do97)
        body = do87 + do97 + tlv(0x8E, cc)
        return header + bytes([len(body)]) + body + b"\x00"

    def unprotect(self, response: bytes) -> bytes:
        """Verify and decrypt a protected response: plain data followed by SW1 SW2.

        A response that is only a status word (the card dropped secure messaging to report
        an error) is returned as it is. A bad MAC raises :class:`SecureMessagingError`.
        """
        if len(response) < 2:
            raise SecureMessagingError("a response has at least the status word")
        if len(response) == 2:
            return response
        objects = dict(parse_tlvs(response[:-2]))
        do87 = objects.get(0x87)
        do99 = objects.get(0x99)
        cc = objects.get(0x8E)
        if cc is None or do99 is None or len(do99) != 2:
            raise SecureMessagingError("protected response lacks DO'99 or DO'8E")
        covered = (tlv(0x87, do87) if do87 is not None else b"") + tlv(0x99, do99)
        ssc = self.next_ssc()
        if not hmac.compare_digest(self.checksum(ssc + covered), cc):
            raise SecureMessagingError("response MAC does not verify")
        data = self.decrypt_do87(do87, ssc) if do87 is not None else b""
        return data + do99


class AesSecureMessaging(SecureMessaging):
    """AES secure messaging, as PACE with an AES protocol starts it (Part 11 §9.8).

    The send sequence counter has 16 bytes and starts at zero after PACE; each message's
    data is AES-CBC encrypted with IV = E(KS_enc, SSC) for that message's counter value; the
    checksum is AES-CMAC over SSC || padded data, cut to 8 bytes. Padding is to 16 bytes.
    """

    block = AES_BLOCK

    def __init__(self, ks_enc: bytes, ks_mac: bytes, ssc: bytes = bytes(AES_BLOCK)) -> None:
        if len(ks_enc) not in (16, 24, 32) or len(ks_mac) != len(ks_enc):
            raise IcaoError("AES session keys have 16, 24 or 32 bytes each")
        if len(ssc) != AES_BLOCK:
            raise IcaoError("the AES send sequence counter has 16 bytes")
        super().__init__(ks_enc, ks_mac, ssc)

    def _encrypt(self, data: bytes, ssc: bytes) -> bytes:
        return aes_encrypt(self.ks_enc, data, aes_ecb_block(self.ks_enc, ssc))

    def _decrypt(self, data: bytes, ssc: bytes) -> bytes:
        return aes_decrypt(self.ks_enc, data, aes_ecb_block(self.ks_enc, ssc))

    def checksum(self, message: bytes) -> bytes:
        """AES-CMAC over ``message`` padded to whole AES blocks, cut to 8 bytes."""
        return aes_cmac(self.ks_mac, pad(message, AES_BLOCK))
