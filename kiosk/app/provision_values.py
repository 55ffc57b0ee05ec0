"""The values ``kiosk provision`` takes, each checked before anything is written: the portal's
address, the one-time enrolment code, the building, the ward and the printer connection.

Each check returns the value as it will be kept, or raises :class:`BadValueError` with a message
for the technician that names the option, says what is wrong and what would be right.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from pydantic import ValidationError

from kiosk.network_address import is_secure_url
from kiosk.search import fold
from kiosk.settings import PROJECT_ROOT, PrinterSection
from kiosk.units import HANOI_UNITS, Unit

ENROLMENT_CODE = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}$")
"""The portal's one-time codes (``sync/portal-openapi.yaml``, ``EnrolmentRequest``)."""
BUILDING_MIN_CHARS = 3
BUILDING_MAX_CHARS = 120
"""The building is printed on every receipt and shown on the screens: a line or two."""
PRINTER_FORMS = (
    "network:HOST[:PORT] (port 9100 if none), usb:VENDOR:PRODUCT (4 hex digits each), "
    "serial:DEVICE[:BAUD] or file:DEVICE"
)
_HOST = re.compile(r"^[A-Za-z0-9.-]+$")
_USB_ID = re.compile(r"^[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}$")


class BadValueError(ValueError):
    """A value the kiosk cannot be provisioned with (the message says which and why)."""


def check_portal_url(url: str) -> str:
    """The portal's base URL without a trailing slash: HTTPS, or plain HTTP to this machine
    only (a local portal simulator)."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise BadValueError(
            f"--portal {url!r}: give the portal's address, e.g. https://portal.example"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise BadValueError(f"--portal {url!r}: the base address only, no ?query, #part or user")
    try:
        _ = parts.port  # raises for a port that is not a number
    except ValueError:
        raise BadValueError(f"--portal {url!r}: the port is not a number") from None
    if not is_secure_url(text):
        raise BadValueError(
            f"--portal {url!r}: the portal must be reached over HTTPS (https://…); "
            "plain http:// is for a portal on this machine only"
        )
    return text.rstrip("/")


def check_enrolment_code(code: str) -> str:
    """The one-time code as the portal expects it (upper case, ``ABCD-EFGH``)."""
    normal = code.strip().upper()
    if not ENROLMENT_CODE.match(normal):
        raise BadValueError(
            f"--code {code!r}: an enrolment code is 4 letters or digits, a dash, and 4 more "
            "(e.g. 7K3M-Q9PD): copy it again from the portal's kiosk page"
        )
    return normal


def check_building(text: str) -> str:
    """The building as printed on receipts: one line of 3 to 120 characters, with letters."""
    building = " ".join(text.split())
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text.replace("\n", " ")):
        raise BadValueError("--building: control characters cannot be printed on a receipt")
    if not BUILDING_MIN_CHARS <= len(building) <= BUILDING_MAX_CHARS:
        raise BadValueError(
            f"--building: {len(building)} characters; give the building's name and street "
            f"in {BUILDING_MIN_CHARS} to {BUILDING_MAX_CHARS} characters, "
            "e.g. 'Tòa A, Chung cư Sông Hồng, 12 Láng Hạ'"
        )
    if not any(ch.isalpha() for ch in building):
        raise BadValueError(f"--building {building!r}: give the building's name, not only numbers")
    return building


def check_ward(code: str, units: Sequence[Unit]) -> Unit:
    """The ward or commune with this 5-digit code, from Hanoi's list; a code not in it is
    refused with the closest codes or names as suggestions."""
    text = code.strip()
    for unit in units:
        if unit.code == text:
            return unit
    hint = _ward_suggestions(text, units)
    also = f" Did you mean {hint}?" if hint else ""
    raise BadValueError(
        f"--ward {code!r}: not one of Hanoi's wards or communes; give its 5-digit code from "
        f"{HANOI_UNITS.relative_to(PROJECT_ROOT)}.{also}"
    )


def _ward_suggestions(text: str, units: Sequence[Unit]) -> str:
    if text.isdigit():
        codes = [u.code for u in units]
        close = difflib.get_close_matches(text.zfill(5), codes, n=3, cutoff=0.6)
        picked = [u for c in close for u in units if u.code == c]
    else:
        words = fold(text).removeprefix("phuong ").removeprefix("xa ")
        picked = [u for u in units if words and words in fold(u.name)][:3]
        if not picked:
            names = {fold(u.name): u for u in units}
            close = difflib.get_close_matches(fold(text), list(names), n=3, cutoff=0.6)
            picked = [names[n] for n in close]
    return ", ".join(f"{u.code} ({u.name})" for u in picked)


def parse_printer(text: str, width_dots: int = 576) -> tuple[str, str]:
    """``(connection, target)`` of ``[printer]`` from ``CONNECTION:TARGET``, checked as the
    settings check them and as the printer driver reads them."""
    connection, _, target = text.strip().partition(":")
    connection = connection.lower()
    bad = BadValueError(f"--printer {text!r}: expected {PRINTER_FORMS}")
    if not target:
        raise bad
    if connection == "network":
        host, _, port = target.rpartition(":") if ":" in target else (target, "", "")
        if not _HOST.match(host) or (port and not (port.isdigit() and 0 < int(port) < 65536)):
            raise bad
    elif connection == "usb":
        if not _USB_ID.match(target):
            raise bad
    elif connection == "serial":
        device, _, baud = target.partition(":")
        if not device.startswith("/dev/") or (baud and not baud.isdigit()):
            raise bad
    elif connection == "file":
        if not target.startswith("/"):
            raise bad
    else:
        raise bad
    try:
        PrinterSection.model_validate(
            {"connection": connection, "target": target, "width_dots": width_dots}
        )
    except ValidationError:
        raise bad from None
    return connection, target
