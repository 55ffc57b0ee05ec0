"""APDU responses and the BER-TLV they carry, as a card (or a reader in the middle) sends them.

Parsers and the errors each may raise (``IcaoError`` is a ``ValueError``, so an error is
checked by its exact typed family, never by ``ValueError``):

- :func:`~hardware.card_reader.icao.tlv.parse_tlvs`: ``SecureMessagingError``;
- :meth:`CommandApdu.parse`: ``IcaoError``;
- :meth:`SecureMessaging.unprotect` (BAC, 3DES) and :class:`AesSecureMessaging` (PACE):
  ``SecureMessagingError``;
- :func:`~hardware.card_reader.icao.pace.dynamic_auth_object`: ``PaceError``.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hardware.card_reader.icao.errors import IcaoError, PaceError, SecureMessagingError
from hardware.card_reader.icao.pace import dynamic_auth_object
from hardware.card_reader.icao.secure_messaging import (
    AesSecureMessaging,
    CommandApdu,
    SecureMessaging,
)
from hardware.card_reader.icao.tlv import parse_tlvs, tlv
from hardware.simulators.card.secure_channel import CardSecureMessaging

from .mutations import mutated_bytes
from .profiles import fuzz_settings

KEY_ENC = bytes(range(16))
KEY_MAC = bytes(range(16, 32))
SSC_3DES = bytes(8)
# A valid dynamic authentication data object: 7C { 80 nonce, 81 key }.
VALID_DYNAMIC_AUTH = tlv(0x7C, tlv(0x80, bytes(16)) + tlv(0x81, b"\x04" + bytes(64)))
VALID_TLVS = tlv(0x87, b"\x01" + bytes(16)) + tlv(0x99, b"\x90\x00") + tlv(0x8E, bytes(8))
SOME_TLVS = st.one_of(st.binary(max_size=300), mutated_bytes(VALID_TLVS))


def _pair(aes: bool) -> tuple[SecureMessaging, SecureMessaging]:
    """The reader's session and the card's twin of it (same keys, same counter)."""
    if aes:
        return AesSecureMessaging(KEY_ENC, KEY_MAC), AesSecureMessaging(KEY_ENC, KEY_MAC)
    return SecureMessaging(KEY_ENC, KEY_MAC, SSC_3DES), SecureMessaging(KEY_ENC, KEY_MAC, SSC_3DES)


@fuzz_settings()
@given(SOME_TLVS)
def test_tlv_lists_parse_or_raise_a_secure_messaging_error(data: bytes) -> None:
    try:
        objects = parse_tlvs(data)
    except SecureMessagingError as error:
        assert str(error)
        return
    assert b"".join(tlv(tag, value) for tag, value in objects) or not data


@fuzz_settings()
@given(
    st.one_of(st.binary(max_size=270), mutated_bytes(b"\x00\xb0\x00\x00\x04\x01\x02\x03\x04\xe0"))
)
def test_command_apdus_parse_or_raise_an_icao_error(apdu: bytes) -> None:
    try:
        command = CommandApdu.parse(apdu)
    except IcaoError as error:
        assert str(error)
        return
    assert command.to_bytes() == apdu or len(apdu) > 4


@fuzz_settings()
@given(st.booleans(), st.binary(max_size=64), st.binary(min_size=2, max_size=2), st.data())
def test_protected_responses_with_bytes_mutated_unprotect_or_raise_a_secure_messaging_error(
    aes: bool, plain: bytes, sw: bytes, data: st.DataObject
) -> None:
    reader, twin = _pair(aes)
    response = CardSecureMessaging(twin).protect_response(plain, sw)
    garbled = data.draw(st.one_of(st.binary(max_size=200), mutated_bytes(response)))
    try:
        result = reader.unprotect(garbled)
    except SecureMessagingError as error:
        assert str(error)
        return
    assert len(result) >= 2


@fuzz_settings()
@given(st.booleans(), st.binary(max_size=80), st.binary(min_size=2, max_size=2))
def test_a_correctly_signed_response_around_any_ciphertext_decrypts_or_raises(
    aes: bool, do87: bytes, sw: bytes
) -> None:
    """The MAC verifies, so the decryption and the padding check face the bytes."""
    reader, twin = _pair(aes)
    ssc = twin.next_ssc()
    covered = tlv(0x87, do87) + tlv(0x99, sw)
    response = covered + tlv(0x8E, twin.checksum(ssc + covered)) + sw
    try:
        result = reader.unprotect(response)
    except SecureMessagingError as error:
        assert str(error)
        return
    assert result.endswith(sw)


@fuzz_settings()
@given(st.one_of(st.binary(max_size=200), mutated_bytes(VALID_DYNAMIC_AUTH)))
def test_dynamic_authentication_data_gives_its_value_or_raises_a_pace_error(data: bytes) -> None:
    try:
        value = dynamic_auth_object(data, 0x81)
    except PaceError as error:
        assert str(error)
        return
    assert isinstance(value, bytes)
