"""The kiosk's configuration: one validated model, read from TOML at start-up.

The defaults live in ``config/kiosk.toml``. A site file (``--config`` or ``KIOSK_CONFIG``)
may override any key, and so may environment variables named ``KIOSK_<SECTION>__<KEY>``
(for example ``KIOSK_PORTAL__BASE_URL``). Anything missing or wrong stops start-up with a
message that names the key and the file.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from kiosk.network_address import is_secure_url

# Re-exported: where the shipped files are (kiosk.paths, which imports nothing heavy).
from kiosk.paths import CONFIG_DIR as CONFIG_DIR
from kiosk.paths import DEFAULT_CONFIG as DEFAULT_CONFIG
from kiosk.paths import DEMO_CAMERA_DIR as DEMO_CAMERA_DIR
from kiosk.paths import FONT_DIR as FONT_DIR
from kiosk.paths import PROCEDURES_DIR as PROCEDURES_DIR
from kiosk.paths import PROJECT_ROOT as PROJECT_ROOT

ENV_PREFIX = "KIOSK_"
PIN_PATTERN = re.compile(r"sha256/[A-Za-z0-9+/]{43}=")
"""A certificate pin: the base64 SHA-256 of a public key (RFC 7469's form)."""
SCHEMA_VERSION = 1


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class KioskSection(_Section):
    """Who this kiosk is and where it stands."""

    id: str = Field(min_length=1)
    """Identifier given by the portal at enrolment, e.g. HN-KIOSK-000123."""
    building_vi: str = Field(min_length=1)
    """The building, as printed on receipts (Vietnamese)."""
    ward: str = Field(default="", pattern=r"^(\d{5})?$")
    """The ward's 5-digit code (``config/units/hanoi.toml``); labels the kiosk's metrics
    for operators. Empty until the kiosk is provisioned."""
    hotline: str = Field(min_length=1)
    """The help line shown on every screen and receipt."""
    building_contact: str = Field(default="", max_length=120)
    """Who in the building helps a resident at the kiosk, as the help panel says it
    (e.g. "Ban quản lý tòa nhà, tầng 1: 024 3771 0000"); empty: the hotline only."""


class UiSection(_Section):
    """The touch screen."""

    width: int = Field(gt=0)
    """Window width in pixels (portrait kiosk: 1080)."""
    height: int = Field(gt=0)
    """Window height in pixels (portrait kiosk: 1920)."""
    fullscreen: bool
    """Fill the screen with no window frame (true on a kiosk)."""
    language: Literal["vi", "en"]
    """Language of the home screen; residents can switch."""
    idle_warning_after_s: float = Field(gt=0)
    """Seconds without a touch before the inactivity countdown appears."""
    idle_countdown_s: float = Field(gt=0)
    """Seconds the inactivity countdown runs before the session is wiped."""


class PortalSection(_Section):
    """The city portal."""

    base_url: str = Field(pattern=r"^https?://")
    """Base address of the portal API."""
    status_url: str = Field(pattern=r"^https?://")
    """Public address where a resident looks a dossier up (printed as a QR code)."""
    timeout_s: float = Field(gt=0)
    """Time limit for one request to the portal."""
    lookup_timeout_s: float = Field(default=3.0, gt=0)
    """Time limit for asking the portal about a dossier while a resident waits at the
    look-up screen; past it, the kiosk shows the status it last stored."""

    @field_validator("base_url")
    @classmethod
    def _secure(cls, url: str) -> str:
        if not is_secure_url(url):
            raise ValueError(
                "must be https://… (plain http:// only to this machine, for the demo): "
                "residents' data must not travel in the clear"
            )
        return url

    ca_file: Path | None = None
    """The city's own CA bundle (PEM) to verify the portal's certificate with, instead of the
    system's; certificates are always verified. Relative paths are under the data directory."""
    pins: list[str] = Field(default_factory=list)
    """Optional certificate pinning: the portal's public keys as ``sha256/<base64>`` (the
    SHA-256 of the certificate's SubjectPublicKeyInfo; ``kiosk portal-pin CERT.pem`` prints
    it). When set, the kiosk sends nothing to a portal whose certificate carries none of them,
    even one its CA store trusts. List the current key and a backup key."""

    @field_validator("pins", mode="before")
    @classmethod
    def _pins_from_text(cls, value: Any) -> Any:
        # From the environment: KIOSK_PORTAL__PINS="sha256/…,sha256/…".
        return value.replace(",", " ").split() if isinstance(value, str) else value

    @field_validator("pins")
    @classmethod
    def _pins_well_formed(cls, pins: list[str]) -> list[str]:
        for pin in pins:
            if not PIN_PATTERN.fullmatch(pin):
                raise ValueError(
                    f"{pin[:60]!r} is not a pin: expected sha256/ and 44 characters of base64 "
                    "(kiosk portal-pin CERT.pem prints one)"
                )
        return pins

    @model_validator(mode="after")
    def _pins_need_https(self) -> PortalSection:
        if self.pins and not self.base_url.lower().startswith("https://"):
            raise ValueError("pins are set but base_url is not https://: remove the pins")
        return self

    credential_path: Path = Path("portal-credential.json")
    """Where ``kiosk enrol`` keeps the kiosk id and credential the portal gave (JSON, mode
    0600; relative paths are under the data directory). No file: the kiosk is not enrolled."""


class OutboxSection(_Section):
    """The local queue of submissions."""

    path: Path
    """SQLite file of the outbox (relative paths are under the data directory)."""
    key_path: Path
    """AES key of the personal data in the outbox, created 0600 if missing (relative paths
    are under the data directory). Keep it off any backup of the database."""
    retention_days: int = Field(gt=0)
    """Days personal data stays on the kiosk after the portal accepted the dossier."""


class SyncSection(_Section):
    """The background sync with the portal."""

    heartbeat_interval_s: float = Field(default=60.0, gt=0)
    """Seconds between two heartbeats to the portal (queue depth, age of the oldest unsent,
    permanent failures)."""
    catalogue_refresh_s: float = Field(default=900.0, gt=0)
    """Seconds between two questions to the portal about its catalogue (ETag: cheap)."""


class MetricsSection(_Section):
    """The Prometheus metrics endpoint, for operators (``/metrics``) and ``kiosk health``."""

    enabled: bool = True
    """Serve the metrics while the kiosk runs."""
    host: str = Field(default="127.0.0.1", min_length=1)
    """Address to listen on: loopback by default, so only this machine (or a scraper
    reaching it through a tunnel) can read them."""
    port: int = Field(default=9464, ge=1, le=65535)
    """TCP port of the endpoint."""


class SpeechSection(_Section):
    """Reading the screen aloud ("Nghe"): Qt's text-to-speech through speech-dispatcher
    and espeak-ng (Debian), to the default audio sink: headphones where the kiosk has a jack
    and the sound server (PipeWire or PulseAudio) makes it the default (``ui/reading_aloud.py``)."""

    enabled: bool = True
    """Show the "Nghe" button (home screen and every header). Without an engine or a voice
    the button says so when pressed, and the kiosk works as usual."""
    engine: str = Field(default="speechd", min_length=1)
    """Qt's text-to-speech engine: "speechd" (speech-dispatcher) on a kiosk; "mock" (Qt's
    silent test engine) in tests."""
    locale: str = Field(default="vi_VN", pattern=r"^[a-z]{2,3}_[A-Z]{2}$")
    """The voice's language for Vietnamese screens (espeak-ng has vi_VN)."""
    locale_en: str = Field(default="en_GB", pattern=r"^[a-z]{2,3}_[A-Z]{2}$")
    """The voice's language for English screens."""
    rate: float = Field(default=-0.2, ge=-1.0, le=1.0)
    """Speed from -1.0 (slowest) to 1.0 (fastest); 0 is the engine's normal, a little
    slower suits older residents."""


MIN_DOCUMENT_BYTES = 200_000
"""The smallest limit for one paper's PDF: one A4 page, legible (150 dpi, JPEG quality 40),
takes about this much."""
MAX_DOCUMENT_BYTES = 10_000_000
"""The largest: the portal takes no attachment above 10 MB (``sync/portal-openapi.yaml``)."""


class DocumentsSection(_Section):
    """Papers a resident attaches, photographed page by page with the kiosk's camera."""

    max_document_bytes: int = 5_000_000
    """Largest file one paper may become (a PDF of its pages), in bytes. A paper above it is
    encoded again smaller (lower JPEG quality, then fewer pixels, never under 150 dpi on A4)
    until it fits, else refused with a message. From 200000 to 10000000 (the portal's limit
    for one attachment)."""

    @field_validator("max_document_bytes")
    @classmethod
    def _within_reach(cls, value: int) -> int:
        if not MIN_DOCUMENT_BYTES <= value <= MAX_DOCUMENT_BYTES:
            raise ValueError(
                f"{value} bytes is out of range: set from {MIN_DOCUMENT_BYTES} (one legible "
                f"A4 page) to {MAX_DOCUMENT_BYTES} (the largest attachment the portal takes)"
            )
        return value


class PrinterSection(_Section):
    """The receipt printer."""

    connection: Literal["network", "usb", "serial", "file"]
    """How the printer is attached."""
    target: str = Field(min_length=1)
    """host:port for network, vendor:product (hex) for usb, device[:baud] for serial,
    a device file such as /dev/usb/lp0 for file."""
    width_dots: Literal[384, 576]
    """Printable width: 384 dots for 58 mm paper, 576 dots for 80 mm."""


class CameraSection(_Section):
    """The camera that reads the QR code on ID cards."""

    device: int | str
    """OpenCV device index or path (/dev/video0)."""
    width: int = Field(gt=0)
    """Capture width in pixels."""
    height: int = Field(gt=0)
    """Capture height in pixels."""
    paper_width: int = Field(default=1920, gt=0)
    """Capture width when photographing a paper: more pixels, more legible text (at 1920×1080
    an A4 page held to fill the frame comes out at about 120 dpi; at 1280×720, 80)."""
    paper_height: int = Field(default=1080, gt=0)
    """Capture height when photographing a paper."""


class CardReaderSection(_Section):
    """The PC/SC reader for the ID card's chip."""

    name_contains: str
    """Use the first reader whose name contains this text (empty: the first reader)."""


class Settings(_Section):
    """Everything the kiosk needs to start."""

    schema_version: Literal[1]
    """Version of this file's layout."""
    kiosk: KioskSection
    ui: UiSection
    portal: PortalSection
    outbox: OutboxSection
    printer: PrinterSection
    camera: CameraSection
    card_reader: CardReaderSection
    sync: SyncSection = SyncSection()
    metrics: MetricsSection = MetricsSection()
    documents: DocumentsSection = DocumentsSection()
    speech: SpeechSection = SpeechSection()
    _sources: tuple[str, ...] = PrivateAttr(default=())

    @property
    def sources(self) -> tuple[str, ...]:
        """Where :func:`load_settings` read it, in order: the defaults' file, the site file
        if any, then ``$KIOSK_…`` for each variable that set a key (empty when built by
        hand)."""
        return self._sources

    @property
    def site_file(self) -> Path:
        """The last file read: the site file, else the defaults' file."""
        files = [source for source in self.sources if not source.startswith("$")]
        return Path(files[-1]) if files else DEFAULT_CONFIG

    def fingerprint(self) -> str:
        """16 hex digits of the SHA-256 of every value in effect: equal for equal settings,
        different when any value differs, and none of them readable from it."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:16]


class SettingsError(Exception):
    """The configuration cannot be used; the message names the key and the file."""


def load_settings(site_file: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then the site file, then ``KIOSK_…`` variables; validated once."""
    env = dict(os.environ if environ is None else environ)
    data = _read_toml(DEFAULT_CONFIG)
    sources = [str(DEFAULT_CONFIG)]
    site = site_file or (Path(env["KIOSK_CONFIG"]) if env.get("KIOSK_CONFIG") else None)
    if site is not None:
        _merge(data, _read_toml(site))
        sources.append(str(site))
    for name, value in env.items():
        if name.startswith(ENV_PREFIX) and "__" in name:
            section, _, key = name[len(ENV_PREFIX) :].lower().partition("__")
            table = data.setdefault(section, {})
            if not isinstance(table, dict):
                raise SettingsError(
                    f"${name}: key '{section}' is a value, not a section, so '{section}.{key}' "
                    f"cannot be set; remove the variable (or fix '{section}' in the site file)"
                )
            table[key] = value
            sources.append(f"${name}")
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"key '{'.'.join(str(p) for p in err['loc'])}': {err['msg']}" for err in exc.errors()
        )
        raise SettingsError(f"{' + '.join(sources)}: {problems}") from None
    settings._sources = tuple(sources)
    return settings


def in_data_dir(path: Path, data_dir: Path) -> Path:
    """A configured path: as given when absolute, else under the kiosk's data directory."""
    return path if path.is_absolute() else data_dir / path


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise SettingsError(
            f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc})") from None


def _merge(base: dict[str, Any], override: dict[str, Any]) -> None:
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
