"""The files of a simulated CCCD chip, built from a test identity.

EF.CardAccess (the PACEInfos a card offers), EF.COM, DG1 (TD1 MRZ), DG2 (a small face
drawn with Pillow inside an ISO/IEC 19794-5 record: JPEG, JPEG 2000 as JP2 or codestream,
or a broken JPEG, see :class:`FaceFormat`), DG13 (DER through asn1crypto, with the
ASN.1 types the kiosk's parser reads it with) and EF.SOD. The SOD
is a *plausible* CMS SignedData: a real LDSSecurityObject with the SHA-256 of each data group,
but signed by nobody (the signature is random bytes and there is no certificate). That is
enough to forward as evidence in tests; nobody could verify it, just as the kiosk cannot
verify a real one.

The MRZ lines follow what public CCCD samples show: line 1 is ``IDVNM``, the 9-digit
document number and its check digit, then the 12-digit ID number, ``<<`` and the ID
number's own check digit; the name is the Vietnamese name without diacritics, Đ as D.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import ClassVar

from asn1crypto import algos, cms, core
from PIL import Image, ImageDraw

from hardware.card_reader.cccd_access import document_number
from hardware.card_reader.dg13 import Dg13FieldSet, Dg13Values
from hardware.card_reader.icao.bac import check_digit
from hardware.card_reader.icao.card_access import PaceInfo, SecurityInfos
from hardware.card_reader.icao.tlv import ber_length, tlv
from kiosk.cccd_qr import CitizenIdentity, Sex

FID_CARD_ACCESS = 0x011C
FID_COM = 0x011E
FID_SOD = 0x011D
FID_DG1 = 0x0101
FID_DG2 = 0x0102
FID_DG13 = 0x010D
LDS_SECURITY_OBJECT_OID = "2.23.136.1.1.1"
# The OID real cards carry in DG13 is not published; the simulator uses this placeholder under
# Viet Nam's ISO country arc (2.16.704). The kiosk's parser does not depend on it.
DG13_OID = "2.16.704.1.13"


@dataclass(frozen=True)
class CardFiles:
    """Everything a simulated chip holds, plus the MRZ values that open it."""

    files: dict[int, bytes]
    document_number: str
    date_of_birth: str  # YYMMDD
    date_of_expiry: str  # YYMMDD, or "<<<<<<" for a card without expiry
    mrz_lines: tuple[str, str, str]


def mrz_name(full_name: str) -> str:
    """A Vietnamese name as the MRZ writes it: no diacritics, Đ → D, ``SURNAME<<GIVEN<NAMES``."""
    plain = full_name.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", plain)
    ascii_only = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").upper()
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in ascii_only).split() if w]
    if not words:
        return ""
    return words[0] + "<<" + "<".join(words[1:])


def mrz_lines(identity: CitizenIdentity, date_of_expiry: str) -> tuple[str, str, str]:
    """The three TD1 lines of a CCCD for ``identity`` (expiry as YYMMDD or filler)."""
    number = document_number(identity.id_number)
    optional = (identity.id_number + "<<" + check_digit(identity.id_number)).ljust(15, "<")
    line1 = ("IDVNM" + number + check_digit(number) + optional)[:30]
    birth = identity.date_of_birth.strftime("%y%m%d")
    sex = "M" if identity.sex is Sex.MALE else "F"
    head = birth + check_digit(birth) + sex + date_of_expiry + check_digit(date_of_expiry)
    body = head + "VNM" + "<" * 11
    composite = line1[5:30] + body[0:7] + body[8:15] + body[18:29]
    line2 = body + check_digit(composite)
    line3 = mrz_name(identity.full_name)[:30].ljust(30, "<")
    return line1, line2, line3


def build_card_access(infos: Sequence[PaceInfo]) -> bytes:
    """EF.CardAccess listing ``infos`` (DER SecurityInfos, as a card carries it)."""
    entries = []
    for info in infos:
        entry: dict[str, object] = {
            "protocol": info.protocol,
            "required_data": core.Integer(info.version),
        }
        if info.parameter_id is not None:
            entry["optional_data"] = core.Integer(info.parameter_id)
        entries.append(entry)
    return bytes(SecurityInfos(entries).dump(force=True))


def build_dg1(lines: tuple[str, str, str]) -> bytes:
    """EF.DG1 for three MRZ lines: ``61 { 5F1F <MRZ> }``."""
    mrz = "".join(lines).encode("ascii")
    inner = b"\x5f\x1f" + ber_length(len(mrz)) + mrz
    return b"\x61" + ber_length(len(inner)) + inner


def build_dg13(fields: Mapping[int, str | tuple[str, ...]], oid: str = DG13_OID) -> bytes:
    """DER for DG13 from field number → text (a tuple nests, as field 13 does)."""
    entries = []
    for number, value in sorted(fields.items()):
        if isinstance(value, tuple):
            nested = Dg13Values([core.UTF8String(text) for text in value])
            entries.append(Dg13Values([core.Integer(number), nested]))
        else:
            entries.append(Dg13Values([core.Integer(number), core.UTF8String(value)]))
    content = Dg13Values([core.Integer(0), core.ObjectIdentifier(oid), Dg13FieldSet(entries)])
    inner = bytes(content.dump())
    return b"\x6d" + ber_length(len(inner)) + inner


def face_jpeg(seed: str = "", size: tuple[int, int] = (96, 128)) -> bytes:
    """A small, deterministic JPEG of a drawn face (grey background, oval head)."""
    shade = int(hashlib.sha256(seed.encode()).hexdigest()[:2], 16) % 60
    image = Image.new("RGB", size, (200 - shade, 205 - shade, 210 - shade))
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.ellipse((w * 0.2, h * 0.15, w * 0.8, h * 0.75), fill=(224, 184, 150))
    draw.ellipse((w * 0.35, h * 0.35, w * 0.43, h * 0.41), fill=(40, 30, 30))
    draw.ellipse((w * 0.57, h * 0.35, w * 0.65, h * 0.41), fill=(40, 30, 30))
    draw.arc((w * 0.38, h * 0.5, w * 0.62, h * 0.65), 20, 160, fill=(150, 60, 60), width=2)
    draw.rectangle((w * 0.15, h * 0.8, w * 0.85, h), fill=(30, 60, 120))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=60)
    return out.getvalue()


class FaceFormat(StrEnum):
    """How the simulated chip stores its face: the forms ICAO 9303 allows, and a broken one."""

    JPEG = "jpeg"
    JP2 = "jp2"  # JPEG 2000 in its JP2 file
    J2K = "j2k"  # a bare JPEG 2000 codestream
    CORRUPT = "corrupt"  # a JPEG cut short after its header


def face_picture(seed: str = "", face: FaceFormat | str = FaceFormat.JPEG) -> bytes:
    """The drawn face of :func:`face_jpeg`, encoded as ``face`` says."""
    kind = FaceFormat(face)
    jpeg = face_jpeg(seed)
    if kind is FaceFormat.JPEG:
        return jpeg
    if kind is FaceFormat.CORRUPT:
        return jpeg[: len(jpeg) // 3]
    out = io.BytesIO()
    with Image.open(io.BytesIO(jpeg)) as image:
        image.save(out, format="JPEG2000", no_jp2=kind is FaceFormat.J2K)
    return out.getvalue()


def build_dg2(jpeg: bytes, width: int = 96, height: int = 128, image_type: int = 0) -> bytes:
    """DG2: biometric information template with one ISO/IEC 19794-5 facial record
    (``image_type`` 0 for JPEG, 1 for JPEG 2000)."""
    image_info = bytes([1, image_type]) + width.to_bytes(2, "big") + height.to_bytes(2, "big")
    image_info += bytes([1, 0]) + bytes(2) + bytes(2)  # colour space, source, device, quality
    facial_header = bytes(2) + bytes([0, 0, 0]) + bytes(3) + bytes(2) + bytes(3) + bytes(3)
    block = facial_header + image_info + jpeg
    block = (len(block) + 4).to_bytes(4, "big") + block
    record = b"FAC\x00" + b"010\x00" + (14 + len(block)).to_bytes(4, "big") + b"\x00\x01" + block
    header = tlv(0x80, b"\x01\x01") + tlv(0x87, b"\x01\x01") + tlv(0x88, b"\x00\x08")
    bhdr = b"\xa1" + ber_length(len(header)) + header
    bdb = b"\x5f\x2e" + ber_length(len(record)) + record
    bit_inner = bhdr + bdb
    bit = b"\x7f\x60" + ber_length(len(bit_inner)) + bit_inner
    group_inner = tlv(0x02, b"\x01") + bit
    group = b"\x7f\x61" + ber_length(len(group_inner)) + group_inner
    return b"\x75" + ber_length(len(group)) + group


def build_com(tags: bytes = b"\x61\x75\x6d") -> bytes:
    """EF.COM: LDS 1.7, Unicode 4.0.0, and the data groups present."""
    inner = b"\x5f\x01\x04" + b"0107" + b"\x5f\x36\x06" + b"040000" + tlv(0x5C, tags)
    return b"\x60" + ber_length(len(inner)) + inner


class _DataGroupHash(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [
        ("data_group_number", core.Integer),
        ("data_group_hash_value", core.OctetString),
    ]


class _DataGroupHashes(core.SequenceOf):  # type: ignore[misc]
    _child_spec = _DataGroupHash


class _LdsSecurityObject(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [
        ("version", core.Integer),
        ("hash_algorithm", algos.DigestAlgorithm),
        ("data_group_hash_values", _DataGroupHashes),
    ]


def build_sod(data_groups: dict[int, bytes]) -> bytes:
    """EF.SOD ``77 { ContentInfo(SignedData) }`` over SHA-256 hashes; unsigned (see module)."""
    hashes = _DataGroupHashes(
        [
            {"data_group_number": number, "data_group_hash_value": hashlib.sha256(raw).digest()}
            for number, raw in sorted(data_groups.items())
        ]
    )
    lds = _LdsSecurityObject(
        {"version": 0, "hash_algorithm": {"algorithm": "sha256"}, "data_group_hash_values": hashes}
    )
    signer = cms.SignerInfo(
        {
            "version": "v3",
            "sid": cms.SignerIdentifier({"subject_key_identifier": b"kiosk-simulator"}),
            "digest_algorithm": {"algorithm": "sha256"},
            "signature_algorithm": {"algorithm": "sha256_rsa"},
            "signature": secrets.token_bytes(256),
        }
    )
    signed = cms.SignedData(
        {
            "version": "v3",
            "digest_algorithms": [{"algorithm": "sha256"}],
            "encap_content_info": {
                "content_type": LDS_SECURITY_OBJECT_OID,
                "content": core.ParsableOctetString(lds.dump()),
            },
            "signer_infos": [signer],
        }
    )
    content = bytes(cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump())
    return b"\x77" + ber_length(len(content)) + content


def dg13_fields(
    identity: CitizenIdentity, date_of_expiry: date | None
) -> dict[int, str | tuple[str, ...]]:
    """DG13 values for a test identity, in the card's own words and date format."""
    fields: dict[int, str | tuple[str, ...]] = {
        1: identity.id_number,
        2: identity.full_name,
        3: identity.date_of_birth.strftime("%d/%m/%Y"),
        4: "Nam" if identity.sex is Sex.MALE else "Nữ",
        5: "Việt Nam",
        6: "Kinh",
        7: "Không",
        8: "Hà Nội",
        9: identity.address,
        10: "Nốt ruồi C:1cm trên trước cánh mũi phải",
        12: date_of_expiry.strftime("%d/%m/%Y") if date_of_expiry else "Không thời hạn",
        13: ("Nguyễn Văn Hùng", "Trần Thị Mai"),
    }
    if identity.issue_date is not None:
        fields[11] = identity.issue_date.strftime("%d/%m/%Y")
    if identity.old_id_number:
        fields[15] = identity.old_id_number
    return fields


def build_card_files(
    identity: CitizenIdentity,
    date_of_expiry: date | None,
    *,
    card_access: bytes | None = None,
    face: FaceFormat | str = FaceFormat.JPEG,
) -> CardFiles:
    """All files of a CCCD chip for ``identity`` (``date_of_expiry`` None: no expiry), its
    face stored as ``face`` says."""
    expiry_text = date_of_expiry.strftime("%y%m%d") if date_of_expiry else "991231"
    lines = mrz_lines(identity, expiry_text)
    dg1 = build_dg1(lines)
    jpeg2000 = FaceFormat(face) in (FaceFormat.JP2, FaceFormat.J2K)
    dg2 = build_dg2(face_picture(identity.id_number, face), image_type=1 if jpeg2000 else 0)
    dg13 = build_dg13(dg13_fields(identity, date_of_expiry))
    files = {FID_COM: build_com(), FID_DG1: dg1, FID_DG2: dg2, FID_DG13: dg13}
    files[FID_SOD] = build_sod({1: dg1, 2: dg2, 13: dg13})
    if card_access is not None:
        files[FID_CARD_ACCESS] = card_access
    return CardFiles(
        files=files,
        document_number=document_number(identity.id_number),
        date_of_birth=identity.date_of_birth.strftime("%y%m%d"),
        date_of_expiry=expiry_text,
        mrz_lines=lines,
    )
