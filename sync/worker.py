"""The background worker that moves queued submissions from the outbox to the portal.

One request at a time, oldest first: the portal sees submissions in the order residents made
them, and a kiosk on a weak lobby connection never floods it. Passing failures are retried
with capped exponential back-off (plus jitter, so a building full of kiosks coming back
online does not knock on the portal's door in step); the portal's Retry-After wins when given.
A passing failure also ends the round: when the portal is down, the kiosk asks once, not once
per queued item. An optional token bucket caps the request rate.

After acceptance the worker asks for the status of open dossiers, with back-off, and stores
status and history in the outbox; it also deletes personal data past its retention.

The queue is walked with a keyset cursor, a small batch of rows claimed per transaction, so
memory does not grow with the queue (5,000 submissions after a day offline are sent in the
same space as one). Acceptances are written down in batches too: in the transaction that
claims the next batch, or sooner (``accept_flush_s`` after the portal's answer, before any
other outcome is written, before a heartbeat, and when the round ends). A crash before the
write only leaves the rows SENDING; their resend under the same Idempotency-Key gets the same
dossier back from the portal. So a batch of submissions costs one fsync instead of three per
item; nothing is lost, and the portal files each once.

The same thread sends the kiosk's heartbeat (queue depth, age of the oldest unsent, number of
permanent failures) every ``heartbeat_interval_s``, between items when a drain is long.

Two clocks (:mod:`kiosk.clock`): what lives in memory (the heartbeat's schedule, the waits,
how long acceptances are held) runs on the monotonic clock, so a wall clock set wrong or
stepped by NTP neither silences nor hurries the kiosk; what is kept in the outbox across a
restart (when to retry, when to ask a dossier's status again, success and heartbeat times)
is wall-clock time, and the outbox treats a retry time further ahead than
:data:`~sync.outbox.drain.LONGEST_RETRY_WAIT_S` as due (the clock went back).

Residents' ratings go up from the same thread, after the submissions, linked to nothing:
held until several are queued (or the oldest is from an earlier day) and sent in random
order, so the portal cannot match one to the submission made just before it by its arrival.

The portal's answer to each submission goes to the operators' audit trail as it arrives:
``submission.accepted`` or ``submission.refused`` (passing failures are not audited: the
outbox logs each retry).
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from kiosk.audit import NO_AUDIT, AuditEvent, AuditTrail, FieldValue
from kiosk.clock import SYSTEM_CLOCK, Clock
from kiosk.health import SyncErrorKind
from kiosk.rating import rating_day
from sync.outbox import (
    FINAL_PORTAL_STATUSES,
    Acceptance,
    Outbox,
    OutboxRecord,
    OutboxState,
)
from sync.outbox.drain import LONGEST_RETRY_WAIT_S
from sync.portal_client import (
    Accepted,
    DossierStatus,
    PortalClient,
    RatingTaken,
    Rejected,
    RetryLater,
    Stored,
    SubmitOutcome,
)
from sync.rate_limit import TokenBucket
from sync.thread_stop import joined

logger = logging.getLogger(__name__)

# A buggy or hostile Retry-After must not park a resident's submission for days.
MAX_RETRY_AFTER_S = LONGEST_RETRY_WAIT_S

DEFAULT_BATCH_SIZE = 32
"""Rows claimed per transaction, and acceptances written per transaction at most."""

DEFAULT_ACCEPT_FLUSH_S = 1.0
"""An acceptance is written down at the latest this long after the portal's answer."""

DEFAULT_RATINGS_TOGETHER = 5
"""Ratings are held until this many are queued (or the oldest is from an earlier day), then
sent together in random order: a rating sent alone just after a submission could be matched
to it by the time it arrived."""

MAX_RATINGS_PER_ROUND = 200

# 2**30 times any sane base is already far past any cap; stops float overflow.
MAX_BACKOFF_EXPONENT = 30


@dataclass(frozen=True)
class SyncStats:
    """What the worker saw of the portal since it was made (for the operator's metrics)."""

    last_success_at: datetime | None = None
    """When the portal last accepted a submission or answered a status request."""
    last_heartbeat_at: datetime | None = None
    """When the portal last acknowledged a heartbeat."""
    errors: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys([k.value for k in SyncErrorKind], 0)
    )
    """Requests that did not get through, by :class:`~kiosk.health.SyncErrorKind` (every
    kind present)."""


def backoff_delay_s(attempts: int, base_s: float, max_s: float, rng: random.Random) -> float:
    """Seconds before the next try after ``attempts`` earlier failures.

    "Equal jitter": half of the capped exponential delay is fixed, half random, so retries
    spread out but never come sooner than half the nominal delay.
    """
    ceiling = min(max_s, base_s * 2.0 ** min(attempts, MAX_BACKOFF_EXPONENT))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


class SyncWorker:
    """Sends due outbox items to the portal, on its own thread or one round at a time."""

    def __init__(
        self,
        outbox: Outbox,
        client: PortalClient,
        *,
        on_change: Callable[[OutboxRecord], None] | None = None,
        clock: Clock = SYSTEM_CLOCK,
        base_backoff_s: float = 5.0,
        max_backoff_s: float = 300.0,
        idle_wait_s: float = 5.0,
        rng: random.Random | None = None,
        rate_limit: TokenBucket | None = None,
        poll_base_s: float | None = 60.0,
        poll_max_s: float = 3600.0,
        batch_size: int = DEFAULT_BATCH_SIZE,
        accept_flush_s: float = DEFAULT_ACCEPT_FLUSH_S,
        heartbeat_interval_s: float | None = None,
        audit: AuditTrail = NO_AUDIT,
        ratings_together: int = DEFAULT_RATINGS_TOGETHER,
    ) -> None:
        """``on_change`` is called with the fresh record after every state change, from the
        thread that made it (the worker thread when started); ``rng`` is for tests.

        ``rate_limit`` caps every request to the portal (None: no cap, as in the demo);
        ``poll_base_s`` is the first wait before asking for a dossier's status, doubling up to
        ``poll_max_s`` while it does not change (None: never ask).

        ``batch_size`` rows are claimed per transaction; the acceptances of a batch are
        written in the same transaction as the next claim, or ``accept_flush_s`` seconds
        after the portal's answer if that comes first.
        ``heartbeat_interval_s`` (``[sync] heartbeat_interval_s``): how often to tell the
        portal this kiosk is alive, the first time at the first round (None: never; needs the
        client's kiosk id). It is timed with ``clock``'s monotonic clock; retry and status
        times, kept in the outbox, with its wall clock. ``max_backoff_s`` and ``poll_max_s``
        may not pass :data:`~sync.outbox.drain.LONGEST_RETRY_WAIT_S`.
        ``audit``: where the portal's acceptances and refusals are recorded.
        ``ratings_together``: ratings wait until this many are queued, or until the day of
        the oldest is over, and go in random order (:data:`DEFAULT_RATINGS_TOGETHER`).
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if ratings_together < 1:
            raise ValueError("ratings_together must be at least 1")
        self._ratings_together = ratings_together
        if heartbeat_interval_s is not None and heartbeat_interval_s <= 0:
            raise ValueError("heartbeat_interval_s must be positive")
        for name, seconds in (("max_backoff_s", max_backoff_s), ("poll_max_s", poll_max_s)):
            if seconds > LONGEST_RETRY_WAIT_S:
                raise ValueError(
                    f"{name} must be at most {LONGEST_RETRY_WAIT_S:.0f} s (a longer wait cannot "
                    "be told from a wall clock set back)"
                )
        self._outbox = outbox
        self._client = client
        self._on_change = on_change
        self._audit = audit
        self._clock = clock
        self._base_backoff_s = base_backoff_s
        self._max_backoff_s = max_backoff_s
        self._idle_wait_s = idle_wait_s
        self._rng = rng or random.Random()
        self._limiter = rate_limit
        self._poll_base_s = poll_base_s
        self._poll_max_s = poll_max_s
        self._batch_size = batch_size
        self._accept_flush_s = accept_flush_s
        self._heartbeat_interval = heartbeat_interval_s
        self._next_heartbeat_at: float | None = None
        """When the next heartbeat is due, on the monotonic clock."""
        self._heartbeats_sent = 0
        self._stats_lock = threading.Lock()
        self._stats = SyncStats()
        # Single flight: the thread loop and a manual drain_once never send at the same time.
        self._flight = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Requeue what a crash left half-sent, then run on a daemon thread."""
        if self._thread is not None and self._thread.is_alive():
            return
        with self._flight:
            self._outbox.requeue_interrupted()
        self._stopping.clear()
        self._wake.set()  # first round at once
        self._thread = threading.Thread(target=self._run, name="sync-worker", daemon=True)
        self._thread.start()
        logger.info("sync worker started", extra={"event": "sync.worker_started"})

    def stop(self, timeout_s: float = 5.0) -> None:
        """Ask the thread to finish its current item and wait up to ``timeout_s`` for it."""
        self._stopping.set()
        self._wake.set()
        if joined(self._thread, timeout_s, "sync worker", "sync.stop_slow"):
            self._thread = None
        logger.info("sync worker stopped", extra={"event": "sync.worker_stopped"})

    def notify(self) -> None:
        """Wake the thread now (a new submission was queued)."""
        self._wake.set()

    @property
    def heartbeats_sent(self) -> int:
        """How many heartbeats the portal acknowledged since this worker was made."""
        return self._heartbeats_sent

    @property
    def stats(self) -> SyncStats:
        """A copy of the worker's figures: last success, last heartbeat, errors by kind."""
        with self._stats_lock:
            return SyncStats(
                self._stats.last_success_at, self._stats.last_heartbeat_at, dict(self._stats.errors)
            )

    def _note_success(self) -> None:
        now = self._clock()
        with self._stats_lock:
            self._stats = SyncStats(now, self._stats.last_heartbeat_at, self._stats.errors)

    def _note_heartbeat(self, at: datetime) -> None:
        with self._stats_lock:
            self._stats = SyncStats(self._stats.last_success_at, at, self._stats.errors)

    def _note_error(self, kind: SyncErrorKind) -> None:
        with self._stats_lock:
            self._stats.errors[kind.value] += 1  # the worker's own dict, never handed out

    def _note(self, outcome: object) -> None:
        """Count a client outcome: a success, or an error by its kind."""
        if isinstance(outcome, Accepted | DossierStatus):
            self._note_success()
        elif isinstance(outcome, RetryLater | Rejected):
            self._note_error(outcome.kind)

    def drain_once(self, limit: int | None = None) -> int:
        """Send every item that is due once, oldest first (at most ``limit`` items); returns
        how many were handled.

        Stops after the first passing failure (the portal is not taking anything now), and
        between items once ``stop()`` was called. Whatever ends the round, acceptances are
        written and claimed items not sent go back to the queue before it returns.
        """
        with self._flight:
            handled = 0
            cursor: tuple[datetime, str] | None = None
            batch: deque[OutboxRecord] = deque()
            accepted: list[Acceptance] = []
            oldest_accepted = 0.0
            try:
                while not self._stopping.is_set() and (limit is None or handled < limit):
                    if not batch:
                        # One transaction writes this batch's acceptances and claims the next.
                        wanted = (
                            self._batch_size
                            if limit is None
                            else min(self._batch_size, limit - handled)
                        )
                        claimed = self._accept_and_claim(accepted, cursor, wanted)
                        if not claimed:
                            break
                        batch.extend(claimed)
                        cursor = (claimed[-1].created_at, claimed[-1].local_id)
                    record = batch.popleft()
                    self._emit(record)
                    outcome = self._send(record)
                    handled += 1
                    self._audit_outcome(record, outcome)
                    if isinstance(outcome, Accepted):
                        if not accepted:
                            oldest_accepted = self._clock.monotonic()
                        accepted.append(self._acceptance(record, outcome))
                        # At most a batch is held: the next claim writes them at the latest.
                        if self._clock.monotonic() - oldest_accepted >= self._accept_flush_s:
                            self._write_accepted(accepted)
                    else:
                        # Outcomes are written in the order the portal gave them.
                        self._write_accepted(accepted)
                        self._settle(record, outcome)
                        if isinstance(outcome, RetryLater):
                            break
                    if self._heartbeat_due():
                        self._write_accepted(accepted)  # so the heartbeat counts them
                        self._heartbeat_if_due()
            finally:
                try:
                    self._write_accepted(accepted)
                finally:
                    if batch:
                        self._outbox.release([r.local_id for r in batch])
            return handled

    def poll_once(self) -> int:
        """Ask the portal for the status of every open dossier that is due; how many asked."""
        if self._poll_base_s is None:
            return 0
        with self._flight:
            asked = 0
            after: str | None = None
            while not self._stopping.is_set():
                record = self._outbox.next_to_poll(after)
                if record is None or record.dossier_code is None:
                    break
                after = record.local_id
                if not self._take_token():
                    break
                outcome = self._client.status(record.dossier_code)
                asked += 1
                self._note(outcome)
                if not self._settle_status(record, outcome):
                    break
                self._heartbeat_if_due()
            return asked

    def heartbeat_if_due(self) -> bool:
        """Send the heartbeat if its interval has passed (or none was sent yet); True when
        one was sent and the portal acknowledged it."""
        with self._flight:
            return self._heartbeat_if_due()

    def send_ratings_once(self) -> int:
        """Send the queued ratings, if enough are waiting (or the oldest is from an earlier
        day), in random order; how many the portal took. A passing failure ends the round."""
        with self._flight:
            due = self._outbox.due_ratings(MAX_RATINGS_PER_ROUND)
            if not due:
                return 0
            today = rating_day(self._clock())
            if len(due) < self._ratings_together and min(r.day for r in due) >= today:
                return 0
            self._rng.shuffle(due)
            taken = 0
            for rating in due:
                if self._stopping.is_set() or not self._take_token():
                    break
                outcome = self._client.send_rating(rating.key, rating.payload_json)
                if isinstance(outcome, RatingTaken):
                    self._note_success()
                    self._outbox.mark_rating_sent(rating.key)
                    taken += 1
                    continue
                self._note(outcome)
                if isinstance(outcome, Rejected):
                    self._outbox.mark_rating_failed(rating.key, outcome.reason)
                    continue
                delay = backoff_delay_s(
                    rating.attempts, self._base_backoff_s, self._max_backoff_s, self._rng
                )
                if outcome.retry_after_s is not None:
                    delay = min(outcome.retry_after_s, MAX_RETRY_AFTER_S)
                self._outbox.mark_rating_retry(
                    rating.key, outcome.reason, self._clock() + timedelta(seconds=delay)
                )
                break
            return taken

    def run_round(self) -> None:
        """One round of everything the thread does: heartbeat, send, ratings, ask statuses,
        purge."""
        self.heartbeat_if_due()
        self.drain_once()
        self.send_ratings_once()
        self.poll_once()
        self._outbox.purge_personal_data(self._clock())

    def _heartbeat_due(self) -> bool:
        if self._heartbeat_interval is None:
            return False
        return self._next_heartbeat_at is None or self._clock.monotonic() >= self._next_heartbeat_at

    def _heartbeat_if_due(self) -> bool:
        interval = self._heartbeat_interval
        if interval is None or not self._heartbeat_due():
            return False
        now = self._clock()
        # Whatever the answer, the next one is an interval away: a portal that is down is
        # not asked more often than the interval.
        self._next_heartbeat_at = self._clock.monotonic() + interval
        kiosk_id = self._client.kiosk_id
        if not kiosk_id:
            logger.warning(
                "no kiosk id: heartbeats are off", extra={"event": "sync.heartbeat_disabled"}
            )
            self._heartbeat_interval = None
            return False
        if not self._take_token():
            return False
        counts = self._outbox.counts()
        heard = self._client.heartbeat(
            kiosk_id,
            queue_depth=counts[OutboxState.QUEUED.value] + counts[OutboxState.SENDING.value],
            oldest_unsent_age_s=self._outbox.oldest_unsent_age_s(now),
            failed_count=counts[OutboxState.FAILED.value],
        )
        if heard:
            self._heartbeats_sent += 1
            self._note_heartbeat(self._clock())
            logger.debug("heartbeat sent", extra={"event": "sync.heartbeat"})
        else:
            logger.info(
                "the portal did not hear the heartbeat", extra={"event": "sync.heartbeat_failed"}
            )
        return heard

    def _seconds_to_next_heartbeat(self) -> float | None:
        if self._heartbeat_interval is None:
            return None
        if self._next_heartbeat_at is None:
            return 0.0
        return max(0.0, self._next_heartbeat_at - self._clock.monotonic())

    def _take_token(self) -> bool:
        if self._limiter is None:
            return True
        return self._limiter.acquire(self._stopping.is_set)

    def _settle_status(self, record: OutboxRecord, outcome: object) -> bool:
        now = self._clock()
        if isinstance(outcome, DossierStatus):
            final = outcome.status in FINAL_PORTAL_STATUSES
            changed = outcome.status != record.portal_status
            attempts = 0 if changed else record.poll_attempts + 1
            self._outbox.record_status(
                record.local_id,
                outcome.status,
                outcome.history,
                None if final else now + self._poll_delay(attempts),
            )
            if changed:
                fresh = self._outbox.get(record.local_id)
                if fresh is not None:
                    self._emit(fresh)
            return True
        # Passing or not, ask again later; a passing failure ends the round.
        delay = self._poll_delay(record.poll_attempts + 1)
        if isinstance(outcome, RetryLater) and outcome.retry_after_s is not None:
            delay = timedelta(seconds=min(outcome.retry_after_s, MAX_RETRY_AFTER_S))
        self._outbox.postpone_poll(record.local_id, now + delay)
        return not isinstance(outcome, RetryLater)

    def _poll_delay(self, attempts: int) -> timedelta:
        base = self._poll_base_s or 60.0
        return timedelta(seconds=backoff_delay_s(attempts, base, self._poll_max_s, self._rng))

    def _run(self) -> None:
        while not self._stopping.is_set():
            wait = self._idle_wait_s
            heartbeat_in = self._seconds_to_next_heartbeat()
            if heartbeat_in is not None:
                wait = min(wait, heartbeat_in)
            self._wake.wait(wait)
            self._wake.clear()
            if self._stopping.is_set():
                break
            try:
                self.run_round()
            except Exception:
                # A database error must not kill the thread; rows left SENDING are requeued
                # at the next start. The exception text never holds payloads (the outbox
                # does not put them in messages), but stay terse anyway.
                logger.exception("sync round failed", extra={"event": "sync.round_failed"})

    def _send(self, record: OutboxRecord) -> SubmitOutcome:
        try:
            for sha in record.attachments:
                content = self._outbox.get_attachment(sha)
                if content is None:
                    self._note_error(SyncErrorKind.INTERNAL)
                    return Rejected(
                        reason=f"attachment {sha} is missing on the kiosk",
                        http_status=0,
                        kind=SyncErrorKind.INTERNAL,
                    )
                if not self._take_token():
                    return RetryLater(reason="stopping", retry_after_s=0.0)
                uploaded = self._client.put_attachment(sha, content)
                if not isinstance(uploaded, Stored):
                    self._note(uploaded)
                    return uploaded
            if not self._take_token():
                return RetryLater(reason="stopping", retry_after_s=0.0)
            outcome = self._client.submit(record.local_id, record.payload_json)
            self._note(outcome)
            return outcome
        except Exception as exc:  # noqa: BLE001 - a client bug must not leave the row SENDING
            # A bug in the client, not the network; its message could quote the payload, so
            # only the type is logged. The row must not stay SENDING.
            logger.error(
                "client crashed on %s: %s",
                record.local_id,
                type(exc).__name__,
                extra={"event": "sync.client_crashed"},
            )
            self._note_error(SyncErrorKind.INTERNAL)
            return RetryLater(
                reason=f"internal error: {type(exc).__name__}",
                retry_after_s=None,
                kind=SyncErrorKind.INTERNAL,
            )

    def _acceptance(self, record: OutboxRecord, outcome: Accepted) -> Acceptance:
        first_poll = (
            None
            if self._poll_base_s is None or outcome.status in FINAL_PORTAL_STATUSES
            else self._clock() + self._poll_delay(0)
        )
        return Acceptance(
            record.local_id, outcome.dossier_code, outcome.status or None, first_poll, record
        )

    def _accept_and_claim(
        self, accepted: list[Acceptance], cursor: tuple[datetime, str] | None, limit: int
    ) -> list[OutboxRecord]:
        """Write the acceptances held so far and claim up to ``limit`` more rows, in one
        transaction; report the fresh records; the claimed ones."""
        if not accepted:
            return self._outbox.claim_batch(limit, after=cursor) if limit else []
        batch = list(accepted)
        accepted.clear()
        try:
            fresh, claimed = self._outbox.accept_and_claim(batch, limit, after=cursor)
        except Exception:
            # Not written: put them back in the queue so this process resends them (the
            # portal answers the same dossier); if even that fails, the next start does.
            with contextlib.suppress(Exception):
                self._outbox.release([a.local_id for a in batch])
            raise
        for record in fresh:
            self._emit(record)
        return claimed

    def _write_accepted(self, accepted: list[Acceptance]) -> None:
        """Write down the acceptances held so far (one transaction), then report them."""
        self._accept_and_claim(accepted, None, 0)

    def _settle(self, record: OutboxRecord, outcome: SubmitOutcome) -> None:
        if isinstance(outcome, Accepted):
            self._write_accepted([self._acceptance(record, outcome)])
            return
        if isinstance(outcome, Rejected):
            self._outbox.mark_failed(record.local_id, outcome.reason, outcome.http_status or None)
        else:
            self._outbox.mark_retry(
                record.local_id, outcome.reason, self._clock() + self._retry_delay(record, outcome)
            )
        fresh = self._outbox.get(record.local_id)
        if fresh is not None:
            self._emit(fresh)

    def _retry_delay(self, record: OutboxRecord, outcome: RetryLater) -> timedelta:
        if outcome.retry_after_s is not None:
            seconds = min(outcome.retry_after_s, MAX_RETRY_AFTER_S)
        else:
            seconds = backoff_delay_s(
                record.attempts, self._base_backoff_s, self._max_backoff_s, self._rng
            )
        return timedelta(seconds=seconds)

    def _audit_outcome(self, record: OutboxRecord, outcome: SubmitOutcome) -> None:
        """The portal's answer, for the audit trail (a passing failure is not one)."""
        submission: dict[str, FieldValue] = {
            "submission": record.local_id,
            "procedure": record.procedure_code or None,
            "attempts": record.attempts + 1,
        }
        if isinstance(outcome, Accepted):
            self._audit.record(AuditEvent.SUBMISSION_ACCEPTED, **submission)
        elif isinstance(outcome, Rejected):
            self._audit.record(
                AuditEvent.SUBMISSION_REFUSED,
                **submission,
                kind=outcome.kind,
                http_status=outcome.http_status or None,  # 0: refused by the kiosk itself
            )

    def _emit(self, record: OutboxRecord) -> None:
        if self._on_change is None:
            return
        try:
            self._on_change(record)
        except Exception:
            # The listener's bug must not stop submissions from going out.
            logger.exception(
                "on_change listener failed for %s",
                record.local_id,
                extra={"event": "sync.listener_failed"},
            )
