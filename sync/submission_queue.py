"""The outbox as the resident's session sees it (:class:`kiosk.ports.SubmissionQueue`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from sqlalchemy.exc import SQLAlchemyError

from kiosk.ports import QueueUnavailableError
from kiosk.rating import Rating, new_rating_key
from kiosk.submission import Submission
from sync.outbox import Outbox
from sync.worker import SyncWorker


class OutboxQueue:
    """Store durably, then wake the sync worker."""

    def __init__(self, outbox: Outbox, worker: SyncWorker) -> None:
        self._outbox = outbox
        self._worker = worker

    def queue(self, submission: Submission, files: Mapping[str, bytes]) -> None:
        """Commit the photos, then the submission (synchronous=FULL), then ask the worker to
        send it. A photo stored without its submission (power cut in between) is harmless:
        it is content-addressed and purged with the rest."""
        try:
            for sha in submission.attachments:
                self._outbox.put_attachment(files[sha])
            self._outbox.enqueue(submission, attachments=submission.attachments)
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            raise QueueUnavailableError(type(exc).__name__) from exc
        self._worker.notify()

    def queue_rating(self, rating: Rating) -> None:
        """Commit a resident's rating under a new random key (linked to nothing), then wake
        the worker (which holds ratings until several can go together). Raises
        :class:`QueueUnavailableError` when it cannot be stored."""
        try:
            self._outbox.enqueue_rating(new_rating_key(), rating)
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            raise QueueUnavailableError(type(exc).__name__) from exc
        self._worker.notify()
