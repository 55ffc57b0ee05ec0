"""How each part of the kiosk is built from the settings, for the app and the commands alike.

The parts' own modules load when a part is built, not with this module: the ``kiosk``
command reads the defaults here before it knows which command runs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from kiosk.settings import FONT_DIR, PROJECT_ROOT, Settings, in_data_dir

if TYPE_CHECKING:
    from hardware.printer.interface import ReceiptPrinter
    from sync.outbox import Outbox
    from sync.portal_client import PortalClient

Mode = Literal["run", "demo"]
"""``run``: the devices and the portal in the configuration; ``demo``: simulators."""

DEFAULT_DATA_DIR = Path("/var/lib/kiosk")
DEFAULT_DEMO_DIR = PROJECT_ROOT / ".demo"
"""Where `kiosk demo` (and `kiosk selftest --demo`) keep their data."""
PORTAL_URL_ENV = "KIOSK_PORTAL__BASE_URL"


def build_printer(settings: Settings, mode: Mode, data_dir: Path) -> ReceiptPrinter:
    """The configured receipt printer, or in demo the simulator writing PNGs."""
    from hardware.printer.escpos_printer import EscposReceiptPrinter
    from hardware.simulators.printer import SimulatedPrinter

    if mode == "demo":
        return SimulatedPrinter(data_dir / "receipts", settings.printer.width_dots, FONT_DIR)
    return EscposReceiptPrinter(
        settings.printer.connection, settings.printer.target, settings.printer.width_dots, FONT_DIR
    )


def outbox_path(settings: Settings, data_dir: Path) -> Path:
    """The outbox file: ``settings.outbox.path``, relative to ``data_dir`` unless absolute."""
    return in_data_dir(settings.outbox.path, data_dir)


def open_outbox(settings: Settings, data_dir: Path) -> Outbox:
    """The kiosk's outbox as configured: its file, its key (sealed by systemd when this
    process was given it, else the key file) and its retention."""
    from datetime import timedelta

    from sync.outbox import Outbox
    from sync.outbox.key_source import key_source_from_environment

    key_path = in_data_dir(settings.outbox.key_path, data_dir)
    return Outbox(
        outbox_path(settings, data_dir),
        key_path=key_path,
        key_source=key_source_from_environment(key_path),
        retention=timedelta(days=settings.outbox.retention_days),
    )


def portal_url(settings: Settings, override: str | None = None) -> str:
    """``--portal``, else ``$KIOSK_PORTAL__BASE_URL``, else the settings."""
    return override or os.environ.get(PORTAL_URL_ENV) or settings.portal.base_url


def credential_path(settings: Settings, data_dir: Path) -> Path:
    """The enrolment file: ``[portal] credential_path``, relative to ``data_dir`` unless
    absolute."""
    return in_data_dir(settings.portal.credential_path, data_dir)


def kiosk_id(settings: Settings, data_dir: Path) -> str:
    """The id this kiosk goes by: the one the portal gave at enrolment, else ``[kiosk] id``.

    Raises :class:`~sync.enrolment.EnrolmentFileError` for an unusable enrolment file."""
    from sync.enrolment import load_enrolment

    enrolment = load_enrolment(credential_path(settings, data_dir))
    return enrolment.kiosk_id if enrolment else settings.kiosk.id


def portal_client(
    settings: Settings, data_dir: Path, base_url: str, timeout_s: float | None = None
) -> PortalClient:
    """The portal client as configured: with the stored enrolment's kiosk id and credential
    when the kiosk is enrolled, else ``[kiosk] id`` and no credential. ``timeout_s``
    replaces ``[portal] timeout_s`` (a resident waiting at a screen cannot wait as long).

    Raises :class:`~sync.enrolment.EnrolmentFileError` for an unusable enrolment file, and
    :class:`~sync.portal_client.InsecurePortalError` for plain HTTP to another machine."""
    from sync.enrolment import load_enrolment
    from sync.portal_client import PortalClient

    enrolment = load_enrolment(credential_path(settings, data_dir))
    return PortalClient(
        base_url,
        timeout_s=timeout_s or settings.portal.timeout_s,
        kiosk_id=enrolment.kiosk_id if enrolment else settings.kiosk.id,
        credential=enrolment.credential if enrolment else "",
        ca_file=portal_ca_file(settings, data_dir),
        pins=settings.portal.pins,
    )


def portal_ca_file(settings: Settings, data_dir: Path) -> Path | None:
    """``[portal] ca_file`` as a path (relative: under the data directory); None: the system's."""
    return in_data_dir(settings.portal.ca_file, data_dir) if settings.portal.ca_file else None
