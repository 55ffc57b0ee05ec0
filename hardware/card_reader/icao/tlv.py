"""The BER-TLV pieces the ICAO protocols are made of: lengths, single-byte-tag objects, the
content octets of an OBJECT IDENTIFIER.

Secure messaging and PACE only ever use single-byte tags and lengths below 64 KiB, so these
few functions cover them; whole ASN.1 structures (EF.CardAccess, DG13) go through
asn1crypto instead.
"""

from __future__ import annotations

from asn1crypto import core

from hardware.card_reader.icao.errors import SecureMessagingError


def ber_length(length: int) -> bytes:
    """A BER definite length (short form, or 81/82 long form)."""
    if length < 0x80:
        return bytes([length])
    if length < 0x100:
        return bytes([0x81, length])
    return bytes([0x82]) + length.to_bytes(2, "big")


def tlv(tag: int, value: bytes) -> bytes:
    """One BER-TLV with a single-byte tag."""
    return bytes([tag]) + ber_length(len(value)) + value


def parse_tlvs(data: bytes) -> list[tuple[int, bytes]]:
    """Single-byte-tag BER-TLVs one after another; a malformed list raises.

    The error is :class:`SecureMessagingError` because a malformed protected message is what
    these lists usually come from; PACE turns it into its own error.
    """
    out: list[tuple[int, bytes]] = []
    pos = 0
    while pos < len(data):
        if pos + 2 > len(data):
            raise SecureMessagingError("truncated TLV")
        tag = data[pos]
        first = data[pos + 1]
        pos += 2
        if first < 0x80:
            length = first
        elif first in (0x81, 0x82):
            size = first - 0x80
            if pos + size > len(data):
                raise SecureMessagingError("truncated TLV length")
            length = int.from_bytes(data[pos : pos + size], "big")
            pos += size
        else:
            raise SecureMessagingError("unsupported TLV length")
        if pos + length > len(data):
            raise SecureMessagingError("truncated TLV value")
        out.append((tag, data[pos : pos + length]))
        pos += length
    return out


def oid_bytes(oid: str) -> bytes:
    """The content octets of an OBJECT IDENTIFIER (without tag and length)."""
    encoded = bytes(core.ObjectIdentifier(oid).dump())
    return encoded[2:]
