"""Stopping the sync package's background threads: wait a bounded time, say so if not."""

from __future__ import annotations

import logging
import threading

logger = logging.getLogger(__name__)


def joined(thread: threading.Thread | None, timeout_s: float, what: str, event: str) -> bool:
    """Wait up to ``timeout_s`` for ``thread`` (already told to stop); True when it has
    ended (or there was none). A thread still busy is logged as ``event`` for the operator:
    it is a daemon, so it cannot keep the kiosk from exiting."""
    if thread is None:
        return True
    thread.join(timeout_s)
    if thread.is_alive():
        logger.warning("%s still busy after %.1fs", what, timeout_s, extra={"event": event})
        return False
    return True
