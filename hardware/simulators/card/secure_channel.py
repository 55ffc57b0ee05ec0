"""The card's half of BAC mutual authentication and of secure messaging, for the simulated
chip (ICAO Doc 9303 Part 11 §4.3 and §9.8).

Both are mirror images of the kiosk's half in ``hardware.card_reader.icao`` and are built on
its primitives (key derivation, ciphers, the per-message steps of a
:class:`~hardware.card_reader.icao.secure_messaging.SecureMessaging` session), so the tests
check one against the other and both against the worked example of Part 11 Appendix D.
"""

from __future__ import annotations

import hmac
import secrets

from hardware.card_reader.icao.bac import initial_ssc, session_keys
from hardware.card_reader.icao.ciphers import pad, retail_mac, tdes_decrypt, tdes_encrypt
from hardware.card_reader.icao.errors import AuthenticationError, IcaoError, SecureMessagingError
from hardware.card_reader.icao.secure_messaging import CommandApdu, SecureMessaging
from hardware.card_reader.icao.tlv import parse_tlvs, tlv


def answer_external_authenticate(
    data: bytes, rnd_ic: bytes, k_enc: bytes, k_mac: bytes
) -> tuple[bytes, SecureMessaging]:
    """The card's E_IC || M_IC for the terminal's E_IFD || M_IFD, and the session it opens.

    A cryptogram made with other keys, or one that does not echo RND.IC, raises
    :class:`AuthenticationError`.
    """
    if len(data) != 40:
        raise AuthenticationError("EXTERNAL AUTHENTICATE data is not 40 bytes")
    e_ifd, m_ifd = data[:32], data[32:]
    if not hmac.compare_digest(retail_mac(k_mac, e_ifd), m_ifd):
        raise AuthenticationError("wrong MAC")
    s = tdes_decrypt(k_enc, e_ifd)
    if s[8:16] != rnd_ic:
        raise AuthenticationError("RND.IC not echoed")
    rnd_ifd, k_ifd = s[:8], s[16:32]
    k_ic = secrets.token_bytes(16)
    e_ic = tdes_encrypt(k_enc, rnd_ic + rnd_ifd + k_ic)
    ks_enc, ks_mac = session_keys(k_ifd, k_ic)
    session = SecureMessaging(ks_enc, ks_mac, initial_ssc(rnd_ic, rnd_ifd))
    return e_ic + retail_mac(k_mac, e_ic), session


class CardSecureMessaging:
    """The card's side of a secure-messaging session (3DES after BAC, AES after PACE).

    It moves the same send sequence counter as the terminal's side, one step per message.
    """

    def __init__(self, session: SecureMessaging) -> None:
        self.session = session

    @property
    def ssc(self) -> bytes:
        """The send sequence counter now."""
        return self.session.ssc

    def unprotect_command(self, apdu: bytes) -> CommandApdu:
        """Verify a protected command and return the plain one; a bad one raises
        :class:`SecureMessagingError`."""
        session = self.session
        try:
            command = CommandApdu.parse(apdu)
        except IcaoError as error:
            raise SecureMessagingError(str(error)) from error
        if command.cla & 0x0C != 0x0C:
            raise SecureMessagingError("command is not protected")
        objects = dict(parse_tlvs(command.data))
        cc = objects.get(0x8E)
        if cc is None:
            raise SecureMessagingError("protected command lacks DO'8E")
        header = bytes([command.cla, command.ins, command.p1, command.p2])
        do87 = objects.get(0x87)
        do97 = objects.get(0x97)
        covered = (
            pad(header, session.block)
            + (tlv(0x87, do87) if do87 is not None else b"")
            + (tlv(0x97, do97) if do97 is not None else b"")
        )
        ssc = session.next_ssc()
        if not hmac.compare_digest(session.checksum(ssc + covered), cc):
            raise SecureMessagingError("command MAC does not verify")
        data = session.decrypt_do87(do87, ssc) if do87 is not None else b""
        le = do97[0] if do97 else None
        return CommandApdu(
            command.cla & ~0x0C & 0xFF, command.ins, command.p1, command.p2, data, le
        )

    def protect_response(self, data: bytes, sw: bytes) -> bytes:
        """The protected response for plain ``data`` and status word ``sw``."""
        session = self.session
        ssc = session.next_ssc()
        do87 = session.encrypt_do87(data, ssc) if data else b""
        do99 = tlv(0x99, sw)
        cc = session.checksum(ssc + do87 + do99)
        return do87 + do99 + tlv(0x8E, cc) + sw
