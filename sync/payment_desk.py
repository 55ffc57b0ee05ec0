"""The fee's payment as the screens need it: the portal client's outcomes turned into the
core's values (:mod:`kiosk.payment`), each failure one the resident can act on.

A payment code is asked for while the resident waits at the confirmation, so the client
given should have a short timeout, as the look-up's has. Nothing here logs a tracking code.
"""

from __future__ import annotations

import logging

from kiosk.payment import PaymentFailure, PaymentRequest, PaymentStatus
from sync.portal_client import PortalClient, Rejected

logger = logging.getLogger(__name__)


class PortalPaymentDesk:
    """Asks the portal for a fee's transfer and whether it arrived."""

    def __init__(self, client: PortalClient) -> None:
        """``client``: with a short timeout (a resident is waiting)."""
        self._client = client

    def request(self, tracking_code: str, amount_vnd: int) -> PaymentRequest | PaymentFailure:
        """The transfer to show as a VietQR code, or why not now."""
        outcome = self._client.request_payment(tracking_code, amount_vnd)
        if isinstance(outcome, PaymentRequest):
            logger.info("payment code made", extra={"event": "payment.requested"})
            return outcome
        if isinstance(outcome, Rejected) and outcome.http_status == 404:
            logger.info("dossier not at the portal yet", extra={"event": "payment.too_early"})
            return PaymentFailure.NOT_AT_PORTAL_YET
        logger.warning(
            "payment code not made: %s",
            outcome.reason,
            extra={"event": "payment.failed", "kind": outcome.kind.value},
        )
        return PaymentFailure.UNAVAILABLE

    def status(self, payment_id: str) -> PaymentStatus | PaymentFailure:
        """Whether the transfer arrived, or :attr:`PaymentFailure.UNAVAILABLE`."""
        outcome = self._client.payment_status(payment_id)
        if isinstance(outcome, PaymentStatus):
            return outcome
        logger.info(
            "payment status not known now",
            extra={"event": "payment.status_failed", "kind": outcome.kind.value},
        )
        return PaymentFailure.UNAVAILABLE
