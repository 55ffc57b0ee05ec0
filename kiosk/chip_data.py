"""What the kiosk gets from reading a citizen ID card's chip (CCCD, ICAO 9303 eMRTD).

Pure data, no I/O: the chip reader in ``hardware`` fills these, the core and the screens use
them. A read either succeeds (:class:`ChipRead`) or fails for a reason a person caused or
can act on (:class:`ChipReadFailure`); neither is an exception.

The data is *read*, not *verified*: the kiosk cannot check the signature in EF.SOD (the
Vietnamese CSCA certificate is not published), so the raw SOD and data groups travel with
the result as evidence for the portal. All of it is personal data: never log it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from kiosk.cccd_qr import CitizenIdentity, Sex


@dataclass(frozen=True)
class MrzData:
    """The TD1 machine-readable zone from DG1 (3 lines of 30 characters), check digits good.

    ``date_of_expiry`` is None when the MRZ carries no expiry (filler characters).
    """

    document_code: str
    issuing_state: str
    document_number: str
    optional_data_1: str
    date_of_birth: date
    sex: str
    date_of_expiry: date | None
    nationality: str
    optional_data_2: str
    surname: str
    given_names: str
    lines: tuple[str, str, str] = field(repr=False)


@dataclass(frozen=True)
class ChipIdentity:
    """The Vietnamese personal data of DG13, by field number; absent fields are None."""

    id_number: str | None = None
    full_name: str | None = None
    date_of_birth: date | None = None
    sex: Sex | None = None
    nationality: str | None = None
    ethnicity: str | None = None
    religion: str | None = None
    place_of_origin: str | None = None
    place_of_residence: str | None = None
    identifying_marks: str | None = None
    issue_date: date | None = None
    expiry_text: str | None = None
    father_name: str | None = None
    mother_name: str | None = None
    spouse_name: str | None = None
    old_id_number: str | None = None
    unknown_fields: tuple[tuple[int, str], ...] = ()


class ChipReadFailure(StrEnum):
    """Why a chip read gave nothing usable; each has its own message on screen."""

    SERVICE_UNAVAILABLE = "service_unavailable"  # pcscd is not running
    NO_READER = "no_reader"  # the reader is unplugged
    NO_CARD = "no_card"  # nothing on the reader
    CARD_REMOVED = "card_removed"  # the card left the reader during the read
    NOT_A_CCCD = "not_a_cccd"  # a card without the eMRTD application (bank card, …)
    ACCESS_DENIED = "access_denied"  # no candidate key opened the chip
    UNREADABLE = "unreadable"  # the chip answered with garbage or a broken session


class FaceImageProblem(StrEnum):
    """Why the face in DG2 cannot be shown (no personal data: fit for the log)."""

    MISSING = "missing"  # DG2 holds no biometric data block
    UNKNOWN_FORMAT = "unknown_format"  # the block holds neither JPEG nor JPEG 2000
    CORRUPT = "corrupt"  # JPEG or JPEG 2000 that does not decode
    TOO_LARGE = "too_large"  # declares more pixels than any face picture has


@dataclass(frozen=True)
class FaceImageError:
    """The chip read well but its face cannot be shown: why, and in which format it came
    (``"jpeg"``, ``"jp2"``, ``"j2k"``, or ``""`` when unknown)."""

    reason: FaceImageProblem
    image_format: str = ""


@dataclass(frozen=True)
class ChipRead:
    """A successful read: identity (DG13), MRZ (DG1), face (DG2) and the evidence.

    ``face`` is the picture ready to show (JPEG as the chip gave it, or PNG decoded from
    JPEG 2000), or the :class:`FaceImageError` saying why there is none: the identity is
    good either way. ``data_groups`` maps the file id (``0x0101`` …) to the raw bytes read;
    ``sod`` is the raw EF.SOD. ``access`` says how the chip was opened (``"PACE"`` or
    ``"BAC"``). ``apdu_count`` is the number of command APDUs the read took (for diagnostics;
    no personal data).
    """

    identity: ChipIdentity
    mrz: MrzData
    face: bytes | FaceImageError = field(repr=False)
    sod: bytes = field(repr=False)
    data_groups: dict[int, bytes] = field(repr=False)
    access: str = "BAC"
    apdu_count: int = 0

    def to_citizen_identity(self) -> CitizenIdentity | None:
        """The identity the rest of the kiosk uses, or None if DG13 lacks a required field."""
        ident = self.identity
        if (
            ident.id_number is None
            or ident.full_name is None
            or ident.date_of_birth is None
            or ident.sex is None
        ):
            return None
        return CitizenIdentity(
            id_number=ident.id_number,
            full_name=ident.full_name,
            date_of_birth=ident.date_of_birth,
            sex=ident.sex,
            address=ident.place_of_residence or "",
            issue_date=ident.issue_date,
            old_id_number=ident.old_id_number,
            generation="chip",
        )


ChipReadResult = ChipRead | ChipReadFailure
