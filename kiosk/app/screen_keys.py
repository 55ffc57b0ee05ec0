"""What the home screen needs from the configuration before its first frame, read with
:mod:`tomllib` alone.

Validating the whole configuration (pydantic, :func:`kiosk.settings.load_settings`) costs
more than drawing the home screen, so the staged start-up (:mod:`kiosk.app.start_up`) reads
only these keys, from the same sources in the same order (the defaults, the site file,
``KIOSK_<SECTION>__<KEY>`` variables), and validates everything after the first frame. A
value these cannot read is taken from the defaults: the validation after the first frame
then stops the kiosk with the message that names the key, as it always did.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.settings import Settings

ENV_PREFIX = "KIOSK_"
CREDENTIAL_FILE = "portal-credential.json"
"""``[portal] credential_path`` when no file sets it (the settings' default)."""
_CREDENTIAL_DEFAULT = {"credential_path": CREDENTIAL_FILE}
_TRUE = {"1", "true", "yes", "on", "t", "y"}
_FALSE = {"0", "false", "no", "off", "f", "n"}


@dataclass(frozen=True)
class ScreenKeys:
    """The keys the home screen and the resident's session start with."""

    language: str
    width: int
    height: int
    fullscreen: bool
    idle_warning_after_s: float
    idle_countdown_s: float
    kiosk_id: str
    building_vi: str
    hotline: str
    status_url: str
    credential_path: Path
    building_contact: str = ""

    @classmethod
    def of_settings(cls, settings: Settings) -> ScreenKeys:
        """The same keys from validated settings (to compare with what was read)."""
        ui = settings.ui
        return cls(
            language=ui.language,
            width=ui.width,
            height=ui.height,
            fullscreen=ui.fullscreen,
            idle_warning_after_s=float(ui.idle_warning_after_s),
            idle_countdown_s=float(ui.idle_countdown_s),
            kiosk_id=settings.kiosk.id,
            building_vi=settings.kiosk.building_vi,
            hotline=settings.kiosk.hotline,
            status_url=settings.portal.status_url,
            credential_path=Path(settings.portal.credential_path),
            building_contact=settings.kiosk.building_contact,
        )


def read_screen_keys(
    defaults: Path, site_file: Path | None, environ: Mapping[str, str]
) -> ScreenKeys:
    """The keys from ``defaults``, then ``site_file`` (else ``$KIOSK_CONFIG``), then the
    ``KIOSK_…`` variables. Never raises for a value: an unreadable one is the default's (the
    validation after the first frame reports it); a missing defaults file raises OSError."""
    base = _read(defaults)
    data = {name: dict(base.get(name, {})) for name in ("ui", "kiosk", "portal")}
    site = site_file or (Path(environ["KIOSK_CONFIG"]) if environ.get("KIOSK_CONFIG") else None)
    if site is not None:
        try:
            override = _read(site)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            override = {}  # the validation names the file and what is wrong with it
        for name, table in data.items():
            if isinstance(override.get(name), dict):
                table.update(override[name])
    for variable, value in environ.items():
        if variable.startswith(ENV_PREFIX) and "__" in variable:
            section, _, key = variable[len(ENV_PREFIX) :].lower().partition("__")
            if section in data:
                data[section][key] = value
    ui, kiosk, portal = data["ui"], data["kiosk"], data["portal"]
    ui_base, kiosk_base = base.get("ui", {}), base.get("kiosk", {})
    portal_base = base.get("portal", {})
    return ScreenKeys(
        language=_text(ui, ui_base, "language"),
        width=int(_number(ui, ui_base, "width")),
        height=int(_number(ui, ui_base, "height")),
        fullscreen=_flag(ui, ui_base, "fullscreen"),
        idle_warning_after_s=_number(ui, ui_base, "idle_warning_after_s"),
        idle_countdown_s=_number(ui, ui_base, "idle_countdown_s"),
        kiosk_id=_text(kiosk, kiosk_base, "id"),
        building_vi=_text(kiosk, kiosk_base, "building_vi"),
        hotline=_text(kiosk, kiosk_base, "hotline"),
        status_url=_text(portal, portal_base, "status_url"),
        credential_path=Path(
            _text(portal, {"credential_path": CREDENTIAL_FILE}, "credential_path")
        ),
        building_contact=_text(kiosk, {"building_contact": ""}, "building_contact"),
    )


def _read(path: Path) -> dict[str, Any]:
    with path.open("rb") as file:
        return tomllib.load(file)


def _text(table: Mapping[str, Any], base: Mapping[str, Any], key: str) -> str:
    value = table.get(key, base.get(key))
    return value if isinstance(value, str) else str(base.get(key, ""))


def _number(table: Mapping[str, Any], base: Mapping[str, Any], key: str) -> float:
    for value in (table.get(key), base.get(key)):
        if isinstance(value, bool):
            continue
        try:
            return float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
    return 0.0


def _flag(table: Mapping[str, Any], base: Mapping[str, Any], key: str) -> bool:
    for value in (table.get(key), base.get(key)):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
    return False
