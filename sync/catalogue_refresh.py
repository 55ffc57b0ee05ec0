"""Keeping the kiosk's procedures up to date from the portal, on a thread of its own.

A :class:`CatalogueRefresher` asks the portal for its catalogue once at start and then every
``interval_s``, with ``If-None-Match`` so an unchanged catalogue costs a ``304``. When the
portal sends a new one, ``accept(etag, documents)`` decides: the kiosk validates the
documents and swaps them in, or raises :class:`kiosk.procedures.CatalogueError`. A rejected
catalogue is logged (``catalogue.rejected``, with the validator's reason) and its ETag is not
kept, so the portal is asked again next time and the kiosk goes on with what it had; a
portal that cannot be reached is logged (``catalogue.unavailable``) and asked again at the
next interval. Catalogue documents hold no citizen data.

What ``accept`` does with a good catalogue (the last good copy on disk, new sessions on the
new procedures) is the kiosk's business, not this module's.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from kiosk.procedures import CatalogueError
from sync.portal_client import (
    CatalogueDocuments,
    CatalogueMalformed,
    CatalogueNotModified,
    PortalClient,
)
from sync.thread_stop import joined

logger = logging.getLogger(__name__)

Accept = Callable[[str, list[Any]], None]
"""``accept(etag, documents)``: take the catalogue, or raise ``CatalogueError``."""


class RefreshResult(StrEnum):
    """What one ask gave."""

    UPDATED = "updated"
    """A new catalogue, taken by ``accept``; its ETag is now :attr:`CatalogueRefresher.etag`."""
    NOT_MODIFIED = "not_modified"
    """The portal's catalogue is the one the kiosk has."""
    REJECTED = "rejected"
    """The portal sent a catalogue the kiosk cannot use; the old one stays."""
    UNAVAILABLE = "unavailable"
    """The portal could not be asked (network, 5xx, 429, a refusal); asked again later."""


class CatalogueRefresher:
    """Asks the portal for its catalogue at start and every ``interval_s``, on a daemon thread.

    ``client`` is a :class:`PortalClient` (shared, e.g. with the sync worker) or a factory
    that makes one; a client made by the factory belongs to the refresher and is closed by
    :meth:`stop`. ``etag`` is the ETag of the catalogue the kiosk has now (None: ask for it
    whatever it is).
    """

    def __init__(
        self,
        client: PortalClient | Callable[[], PortalClient],
        accept: Accept,
        interval_s: float,
        etag: str | None = None,
    ) -> None:
        if interval_s <= 0:
            raise ValueError("interval_s must be positive")
        if isinstance(client, PortalClient):
            self._client: PortalClient | None = client
            self._factory: Callable[[], PortalClient] | None = None
        else:
            self._client = None
            self._factory = client
        self._accept = accept
        self._interval_s = interval_s
        self._etag = etag
        self._lock = threading.Lock()  # the ETag and the client
        self._flight = threading.Lock()  # one ask at a time
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def etag(self) -> str | None:
        """The ETag of the catalogue last taken (or given at construction)."""
        with self._lock:
            return self._etag

    def start(self) -> None:
        """Ask at once, then every ``interval_s``, on a daemon thread, until :meth:`stop`."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="catalogue-refresh", daemon=True)
        self._thread.start()
        logger.info(
            "catalogue refresh every %.0f s",
            self._interval_s,
            extra={"event": "catalogue.refresh_started"},
        )

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop the thread (at once between asks; an ask in flight ends first, within the
        client's timeout) and close a client the factory made."""
        self._stopping.set()
        self._wake.set()
        if not joined(self._thread, timeout_s, "catalogue refresh", "catalogue.stop_slow"):
            return
        self._thread = None
        with self._flight, self._lock:
            if self._factory is not None and self._client is not None:
                self._client.close()
                self._client = None

    def refresh_now(self) -> None:
        """Ask at once on the thread (instead of waiting for the interval)."""
        self._wake.set()

    def refresh_once(self) -> RefreshResult:
        """Ask the portal once, on the calling thread, and hand a new catalogue to ``accept``."""
        with self._flight:
            with self._lock:
                if self._client is None:
                    assert self._factory is not None
                    self._client = self._factory()
                client, asked_with = self._client, self._etag
            answer = client.catalogue(asked_with)
            if isinstance(answer, CatalogueNotModified):
                logger.debug("catalogue unchanged", extra={"event": "catalogue.not_modified"})
                return RefreshResult.NOT_MODIFIED
            if isinstance(answer, CatalogueMalformed):
                self._rejected(answer.etag, answer.reason)
                return RefreshResult.REJECTED
            if not isinstance(answer, CatalogueDocuments):
                logger.warning(
                    "the catalogue cannot be fetched now: %s",
                    answer.reason,
                    extra={"event": "catalogue.unavailable", "reason": answer.reason},
                )
                return RefreshResult.UNAVAILABLE
            try:
                self._accept(answer.etag, answer.documents)
            except CatalogueError as exc:
                self._rejected(answer.etag, str(exc))
                return RefreshResult.REJECTED
            except Exception as exc:
                # A bug on the kiosk's side: keep the old catalogue, ask again next time.
                logger.exception(
                    "taking the catalogue failed: %s",
                    type(exc).__name__,
                    extra={"event": "catalogue.accept_failed"},
                )
                return RefreshResult.REJECTED
            with self._lock:
                self._etag = answer.etag
            logger.info(
                "catalogue updated: %d procedures (%s)",
                len(answer.documents),
                answer.etag,
                extra={"event": "catalogue.updated", "etag": answer.etag},
            )
            return RefreshResult.UPDATED

    @staticmethod
    def _rejected(etag: str, reason: str) -> None:
        logger.warning(
            "the portal's catalogue %s was not taken: %s",
            etag or "(no ETag)",
            reason,
            extra={"event": "catalogue.rejected", "etag": etag, "reason": reason},
        )

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self.refresh_once()
            except Exception:
                # Never let the thread die: the next interval asks again.
                logger.exception("catalogue refresh failed", extra={"event": "catalogue.error"})
            self._wake.wait(self._interval_s)
            self._wake.clear()
