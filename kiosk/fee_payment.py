"""Paying the fee of the application just submitted by VietQR, on the confirmation screen:
the code asked of the portal, shown, and watched until the transfer arrives.

Asking and watching block on the network; the caller runs them off the screen's thread and
reports each answer with the local id of the submission it was for (an answer for another
submission, or after the session ended, changes nothing). The portal only knows a dossier
once the outbox has sent it, so "not at the portal yet" is asked again a few times before
the resident is told to pay otherwise; the receipt waits for that first word
(:attr:`FeePayment.settled`), so it carries the code whenever there is one.
"""

from __future__ import annotations

from enum import StrEnum

from kiosk.payment import PaymentFailure, PaymentRequest, PaymentState, PaymentStatus

ASKS_BEFORE_GIVING_UP = 5
"""Times "not at the portal yet" is asked again (one per poll) before the resident is told
to pay later or at the office (the screen keeps asking while it is open)."""


class PaymentPhase(StrEnum):
    """Where the fee's payment is, as the confirmation screen shows it."""

    NONE = "none"
    """No VietQR payment here: no fee, or the procedure does not take one."""
    ASKING = "asking"
    """The code is being made (the screen shows a progress indicator)."""
    PENDING = "pending"
    """The code is shown; the transfer has not arrived."""
    PAID = "paid"
    FAILED = "failed"
    """No code now: the screen says why and how else to pay."""


class FeePayment:
    """NONE → ASKING → PENDING → PAID, or ASKING → FAILED (asked again while the screen is
    open, FAILED → PENDING when the portal answers). The session forgets all of it when it
    ends."""

    def __init__(self) -> None:
        self.forget()

    def forget(self) -> None:
        """The session ended: nothing of the payment is kept."""
        self.phase = PaymentPhase.NONE
        self.request: PaymentRequest | None = None
        self.failure: PaymentFailure | None = None
        self._local_id: str | None = None
        self._asked = 0
        self._busy = False

    def begin(self, local_id: str) -> bool:
        """Start paying the fee of submission ``local_id`` (False when already begun)."""
        if self._local_id is not None:
            return False
        self._local_id = local_id
        self.phase = PaymentPhase.ASKING
        return True

    def next_call(self, local_id: str) -> str | None:
        """What to ask the portal now for submission ``local_id``: ``"request"`` (no code
        yet), ``"status"`` (a code shown, not paid), or None (nothing: paid, another
        submission's, or an answer is still awaited)."""
        if local_id != self._local_id or self._busy or self.phase is PaymentPhase.PAID:
            return None
        if self.phase is PaymentPhase.NONE:
            return None
        self._busy = True
        return "status" if self.request is not None else "request"

    def requested(self, local_id: str, outcome: PaymentRequest | PaymentFailure) -> bool:
        """The portal answered the request for the code; True when the screen changes."""
        if local_id != self._local_id:
            return False
        self._busy = False
        self._asked += 1
        before = (self.phase, self.failure)
        if isinstance(outcome, PaymentRequest):
            self.request = outcome
            self.failure = None
            paid = outcome.state is PaymentState.PAID
            self.phase = PaymentPhase.PAID if paid else PaymentPhase.PENDING
        elif outcome is PaymentFailure.NOT_AT_PORTAL_YET and self._asked < ASKS_BEFORE_GIVING_UP:
            pass  # the outbox is still sending it: the next poll asks again
        else:
            self.failure = outcome
            self.phase = PaymentPhase.FAILED
        return (self.phase, self.failure) != before

    def checked(self, local_id: str, outcome: PaymentStatus | PaymentFailure) -> bool:
        """The portal said whether the transfer arrived; True when it just did."""
        if local_id != self._local_id:
            return False
        self._busy = False
        arrived = isinstance(outcome, PaymentStatus) and outcome.state is PaymentState.PAID
        if arrived and self.phase is not PaymentPhase.PAID:
            self.phase = PaymentPhase.PAID
            return True
        return False  # not yet, or not known now: the code stays on screen

    @property
    def settled(self) -> bool:
        """Whether the first word on the code is in (shown, paid, failed or not asked), so
        the receipt can print."""
        return self.phase is not PaymentPhase.ASKING

    @property
    def watching(self) -> bool:
        """Whether the portal is still to be asked (a code awaited or its payment)."""
        return self.phase in (PaymentPhase.ASKING, PaymentPhase.PENDING, PaymentPhase.FAILED)
