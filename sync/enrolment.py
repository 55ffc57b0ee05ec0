"""The kiosk's enrolment with the portal: its id and credential, kept in one small file.

``kiosk enrol CODE`` trades a one-time code from the portal for a kiosk id and a bearer
credential (:meth:`sync.portal_client.PortalClient.enrol`) and stores them here, in a JSON file
created with mode 0600 that an existing enrolment is never silently replaced in. The
composition root reads it back (:func:`load_enrolment`) and gives both to the portal client,
which then sends ``Authorization: Bearer …`` on every request.

The credential is a secret: it is never logged, printed, or shown in a ``repr``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sync.errors import SyncError

logger = logging.getLogger(__name__)

FILE_MODE = 0o600
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Enrolment:
    """Who the portal says this kiosk is, and how it proves it."""

    kiosk_id: str
    credential: str = field(repr=False)
    portal: str = ""
    """The portal's base URL at enrolment (for the technician's eyes)."""
    enrolled_at: str = ""
    """ISO 8601, UTC."""

    def to_json(self) -> str:
        """The file's content."""
        return json.dumps(
            {
                "format": FORMAT_VERSION,
                "kiosk_id": self.kiosk_id,
                "credential": self.credential,
                "portal": self.portal,
                "enrolled_at": self.enrolled_at,
            },
            indent=2,
        )


class EnrolmentFileError(SyncError):
    """The enrolment file exists but cannot be read or understood (the message says why,
    never what the credential is)."""


class AlreadyEnrolledError(SyncError):
    """An enrolment is stored already and replacing it was not asked for."""


def load_enrolment(path: Path) -> Enrolment | None:
    """The stored enrolment, or None when the kiosk is not enrolled (no file).

    Raises :class:`EnrolmentFileError` for a file that is there but unusable. A file others
    can read is used, with a warning (the credential may have leaked)."""
    try:
        info = path.stat()
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise EnrolmentFileError(f"{path}: cannot be read ({type(exc).__name__})") from None
    if stat.S_IMODE(info.st_mode) & 0o077:
        logger.warning(
            "the kiosk credential %s is readable by others: chmod 600 it and re-enrol",
            path,
            extra={"event": "enrolment.file_too_open"},
        )
    try:
        data: Any = json.loads(text)
    except ValueError:
        raise EnrolmentFileError(f"{path}: not JSON") from None
    if not isinstance(data, dict):
        raise EnrolmentFileError(f"{path}: expected a JSON object")
    kiosk_id, credential = data.get("kiosk_id"), data.get("credential")
    if not isinstance(kiosk_id, str) or not kiosk_id:
        raise EnrolmentFileError(f"{path}: key 'kiosk_id' is missing or empty")
    if not isinstance(credential, str) or not credential:
        raise EnrolmentFileError(f"{path}: key 'credential' is missing or empty")
    return Enrolment(
        kiosk_id=kiosk_id,
        credential=credential,
        portal=str(data.get("portal", "")),
        enrolled_at=str(data.get("enrolled_at", "")),
    )


def save_enrolment(path: Path, enrolment: Enrolment, *, force: bool = False) -> None:
    """Store ``enrolment`` at ``path`` (mode 0600), durably and all at once.

    Without ``force`` an existing file is never replaced (:class:`AlreadyEnrolledError`),
    even by a second ``kiosk enrol`` racing this one: the new file is linked into place,
    which fails if the name is taken."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        try:
            os.write(fd, enrolment.to_json().encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        if force:
            temporary.replace(path)
        else:
            try:
                path.hardlink_to(temporary)
            except FileExistsError:
                raise AlreadyEnrolledError(f"{path} exists already") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    _sync_directory(path.parent)
    logger.info(
        "enrolled as %s (%s)",
        enrolment.kiosk_id,
        path,
        extra={"event": "enrolment.saved"},
    )


def _sync_directory(directory: Path) -> None:
    # The new name must survive a power cut too.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
