"""The city portal's submission API, seen from the kiosk.

Every answer the network can give is turned into one of three outcomes: the portal has it
(``Accepted``), try again later (``RetryLater``), or it will never take it (``Rejected``).
None of them is an exception: a portal that is down is part of normal life.
"""

from __future__ import annotations

import json
import logging
import ssl
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from kiosk.clock import utc_now
from kiosk.health import SyncErrorKind
from kiosk.network_address import is_secure_url
from kiosk.payment import PaymentRequest, PaymentState, PaymentStatus, carries_tracking_code
from kiosk.result_delivery import DeliveryMethod
from kiosk.vietqr import VietQrError, check
from sync.certificate_pins import CertificatePinMismatch, pinned_transport
from sync.dossier import DossierEvent

logger = logging.getLogger(__name__)

SUBMISSIONS_PATH = "/api/v1/submissions"
ATTACHMENTS_PATH = "/api/v1/attachments"
CATALOGUE_PATH = "/api/v1/catalogue"
ENROLMENT_PATH = "/api/v1/kiosks/enrolments"
TRACKING_PATH = "/api/v1/tracking"
PAYMENTS_PATH = "/api/v1/payments"
RATINGS_PATH = "/api/v1/ratings"
USER_AGENT = "hanoi-lobby-kiosk/0.1"

PIN_MISMATCH = "TLS: the portal's key is not one of [portal] pins"
"""The reason a request to a portal with an unpinned key gives (nothing was sent)."""

CERTIFICATE_REFUSED = "TLS: the portal's certificate was refused"
"""How a reason starts when verification refused the portal's certificate."""
X509_NOT_YET_VALID, X509_EXPIRED = 9, 10
"""OpenSSL's X509_V_ERR_CERT_NOT_YET_VALID and X509_V_ERR_CERT_HAS_EXPIRED: most often the
kiosk's own clock is wrong, not the certificate."""

RETRYABLE_4XX = frozenset({401, 403, 408, 425, 429})
"""4xx answers that say "not now" rather than "never": a timeout, too many requests, and an
expired or not-yet-renewed kiosk credential (which must not fail every queued dossier)."""

# Reasons end up in the outbox row and on the staff screen; keep them short.
MAX_REASON_CHARS = 500


@dataclass(frozen=True)
class Accepted:
    """The portal opened (or already had) a dossier for this submission."""

    dossier_code: str
    status: str


@dataclass(frozen=True)
class RetryLater:
    """A passing failure; ``retry_after_s`` is the portal's own Retry-After when it gave one."""

    reason: str
    retry_after_s: float | None
    kind: SyncErrorKind = field(default=SyncErrorKind.NETWORK, compare=False)
    """Why, in the operator's bounded words (not part of equality: the reason says it)."""


@dataclass(frozen=True)
class Rejected:
    """The portal will never take this payload as it is (e.g. 409, 422)."""

    reason: str
    http_status: int
    kind: SyncErrorKind = field(default=SyncErrorKind.REFUSED, compare=False)
    """Why, in the operator's bounded words (not part of equality)."""


SubmitOutcome = Accepted | RetryLater | Rejected


@dataclass(frozen=True)
class DossierStatus:
    """A dossier's current status and history (``GET /api/v1/submissions/{code}``)."""

    dossier_code: str
    status: str
    history: tuple[DossierEvent, ...]


@dataclass(frozen=True)
class Stored:
    """The portal holds the attachment (new or already)."""

    sha256: str


@dataclass(frozen=True)
class CatalogueDocuments:
    """The portal's catalogue (``200``): the procedure documents as it sent them, unchecked
    (each should hold the keys of a procedure file; the kiosk validates them), and the
    ``ETag`` to ask with next time."""

    etag: str
    documents: list[Any]


@dataclass(frozen=True)
class CatalogueNotModified:
    """``304``: the catalogue did not change since the ETag asked with."""

    etag: str


@dataclass(frozen=True)
class CatalogueMalformed:
    """A ``200`` whose body is not ``{"procedures": [...]}``: the portal's mistake."""

    etag: str
    reason: str


@dataclass(frozen=True)
class PublicDossier:
    """What the portal's look-up by tracking code answers: no personal data, whichever
    kiosk or office took the dossier."""

    tracking_code: str
    procedure_code: str
    status: str
    received_at: datetime
    history: tuple[DossierEvent, ...]
    payment: PaymentState = PaymentState.NONE
    paid_at: datetime | None = None
    result_delivery: DeliveryMethod | None = None
    next_step: str = ""
    """The office's note on what to do next, when it wrote one."""


@dataclass(frozen=True)
class UnknownTrackingCode:
    """``404``: the portal has no dossier with this tracking code."""

    tracking_code: str


@dataclass(frozen=True)
class RatingTaken:
    """The portal has the rating (new or already)."""

    rating_id: str


StatusOutcome = DossierStatus | RetryLater | Rejected
LookupOutcome = PublicDossier | UnknownTrackingCode | RetryLater | Rejected
PaymentOutcome = PaymentRequest | RetryLater | Rejected
PaymentStatusOutcome = PaymentStatus | RetryLater | Rejected
RatingOutcome = RatingTaken | RetryLater | Rejected
UploadOutcome = Stored | RetryLater | Rejected
CatalogueOutcome = (
    CatalogueDocuments | CatalogueNotModified | CatalogueMalformed | RetryLater | Rejected
)
EnrolOutcome = tuple[str, str] | RetryLater | Rejected


MALFORMED = "malformed JSON in the portal's answer"


def _malformed(reason: str = MALFORMED) -> RetryLater:
    return RetryLater(reason=reason, retry_after_s=None, kind=SyncErrorKind.SERVER)


def _aware(text: object) -> datetime:
    """An ISO 8601 time with its zone (``ValueError`` for anything else)."""
    if not isinstance(text, str):
        raise ValueError("not a time")
    at = datetime.fromisoformat(text)
    if at.tzinfo is None:
        raise ValueError("a time without its zone")
    return at


def _public_dossier(body: Any) -> PublicDossier:
    """The look-up's answer as a value (``ValueError``, ``KeyError``, ``TypeError`` when it
    is not one)."""
    history = tuple(
        DossierEvent(str(event["status"]), _aware(event["at"]).isoformat())
        for event in body["history"]
    )
    paid_at = body.get("paid_at")
    delivery = body.get("result_delivery")
    next_step = body.get("next_step", "")
    return PublicDossier(
        tracking_code=str(body["tracking_code"]),
        procedure_code=str(body["procedure_code"]),
        status=str(body["status"]),
        received_at=_aware(body["received_at"]),
        history=history,
        payment=PaymentState(body.get("payment_status", "none")),
        paid_at=None if paid_at is None else _aware(paid_at),
        result_delivery=None if delivery is None else DeliveryMethod(delivery),
        next_step=next_step if isinstance(next_step, str) else "",
    )


def _payment_state(body: Any) -> tuple[PaymentState, datetime | None]:
    state = PaymentState(body["status"])
    if state is PaymentState.NONE:
        raise ValueError("a payment is pending or paid")
    paid_at = body.get("paid_at")
    return state, None if paid_at is None else _aware(paid_at)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)


def error_kind(status: int) -> SyncErrorKind:
    """The operator's word for a portal answer that was not a success."""
    if status in (401, 403):
        return SyncErrorKind.AUTH
    if status == 408:
        return SyncErrorKind.TIMEOUT
    if status == 429:
        return SyncErrorKind.RATE_LIMITED
    if 400 <= status < 500:
        return SyncErrorKind.REFUSED
    return SyncErrorKind.SERVER  # 5xx, and answers outside the contract


def attachment_type(content: bytes) -> str:
    """The media type an attachment is sent as, from its first bytes (the contract lists
    these three): a PDF (a paper's pages), a JPEG (a photo), anything else as bytes."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return "application/octet-stream"


def network_reason(exc: httpx.RequestError) -> str:
    """Why a request did not get through, in the operator's words: a refused certificate
    says why (expired, not yet valid: often the kiosk's own clock; not pinned), other errors
    name their kind."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, CertificatePinMismatch):
            return PIN_MISMATCH
        if isinstance(cause, ssl.SSLCertVerificationError):
            reason = f"{CERTIFICATE_REFUSED} ({cause.verify_message})"
            if cause.verify_code in (X509_NOT_YET_VALID, X509_EXPIRED):
                reason += ": check this kiosk's clock (timedatectl status)"
            return reason
        cause = cause.__cause__ or cause.__context__
    return f"network error: {type(exc).__name__}"


def _problem_reason(response: httpx.Response) -> str:
    """The RFC 9457 problem's detail (or title), else a bare status line."""
    reason = f"HTTP {response.status_code}"
    try:
        body: Any = response.json()
    except ValueError:
        return reason
    if isinstance(body, dict):
        detail = body.get("detail")
        title = body.get("title")
        if isinstance(detail, str) and detail:
            reason = f"{reason}: {detail}"
        elif isinstance(title, str) and title:
            reason = f"{reason}: {title}"
    return reason[:MAX_REASON_CHARS]


class InsecurePortalError(ValueError):
    """A portal address over which residents' data would travel in the clear: plain HTTP to
    another machine. The message says what to configure instead."""


class PortalClient:
    """Sends frozen submission payloads to the portal, one POST each.

    The ``Idempotency-Key`` is the submission's local id, so a resend after a timeout or a
    crash gives back the same dossier instead of opening a second one.
    """

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout_s: float = 10.0,
        kiosk_id: str = "",
        credential: str = "",
        clock: Callable[[], datetime] = utc_now,
        ca_file: Path | None = None,
        pins: Sequence[str] = (),
    ) -> None:
        """``transport`` is for tests (``httpx.MockTransport``); production uses the default.

        ``credential`` is the bearer token from enrolment (empty: none, as in the demo);
        ``clock`` is the kiosk's, compared with each answer's ``Date`` (:attr:`clock_skew_s`);
        ``ca_file`` is the city's own CA bundle (PEM) to verify the portal with instead of the
        system's. Certificates are always verified. ``pins`` (``sha256/…``, see
        :mod:`sync.certificate_pins`), when given, narrow trust further: the connection is
        dropped after the handshake, before any request, unless the portal's key is pinned.

        Raises :class:`InsecurePortalError` for plain HTTP to anything but this machine."""
        if not is_secure_url(base_url):
            raise InsecurePortalError(
                f"the portal address {base_url!r} is not HTTPS: residents' data may travel in "
                "the clear only to this machine (http://127.0.0.1, the demo); set "
                "[portal] base_url to https://…"
            )
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if kiosk_id:
            headers["X-Kiosk-Id"] = kiosk_id
        if credential:
            headers["Authorization"] = f"Bearer {credential}"
        self._kiosk_id = kiosk_id
        self._clock = clock
        self._skew_lock = threading.Lock()
        self._clock_skew_s: float | None = None
        if pins and not base_url.lower().startswith("https://"):
            raise InsecurePortalError(
                f"certificate pins are set but the portal address {base_url!r} is not HTTPS"
            )
        verify: ssl.SSLContext | bool = (
            ssl.create_default_context(cafile=str(ca_file)) if ca_file else True
        )
        if pins and transport is None:
            context = verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context()
            transport = pinned_transport(context, pins)
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"),
            transport=transport,
            timeout=httpx.Timeout(timeout_s),
            headers=headers,
            event_hooks={"response": [self._note_date]},
            verify=verify,
            trust_env=not pins,
        )

    @property
    def kiosk_id(self) -> str:
        """The kiosk id this client speaks for (``""``: none given)."""
        return self._kiosk_id

    @property
    def clock_skew_s(self) -> float | None:
        """The kiosk's clock minus the portal's, in seconds, from the last answer's ``Date``
        header (whole seconds, as the header gives them); None until one was read."""
        with self._skew_lock:
            return self._clock_skew_s

    def _note_date(self, response: httpx.Response) -> None:
        value = response.headers.get("Date")
        if not value:
            return
        try:
            portal_now = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return
        if portal_now.tzinfo is None:
            portal_now = portal_now.replace(tzinfo=UTC)
        skew = (self._clock() - portal_now).total_seconds()
        with self._skew_lock:
            self._clock_skew_s = skew

    def submit(self, local_id: str, payload_json: str) -> SubmitOutcome:
        """POST one submission; never raises for anything the network or portal can do."""
        try:
            response = self._client.post(
                SUBMISSIONS_PATH,
                content=payload_json.encode("utf-8"),
                headers={"Idempotency-Key": local_id, "Content-Type": "application/json"},
            )
        except httpx.TimeoutException as exc:
            logger.info("portal timed out for %s", local_id, extra={"event": "portal.timeout"})
            return RetryLater(
                reason=f"timeout: {type(exc).__name__}",
                retry_after_s=None,
                kind=SyncErrorKind.TIMEOUT,
            )
        except httpx.RequestError as exc:  # connect/read errors, broken encodings, ...
            logger.info(
                "portal unreachable for %s (%s)",
                local_id,
                type(exc).__name__,
                extra={"event": "portal.unreachable"},
            )
            return RetryLater(
                reason=network_reason(exc),
                retry_after_s=None,
                kind=SyncErrorKind.NETWORK,
            )
        return self._outcome(local_id, response)

    def _outcome(self, local_id: str, response: httpx.Response) -> SubmitOutcome:
        status = response.status_code
        logger.info(
            "portal answered %d for %s",
            status,
            local_id,
            extra={"event": "portal.response"},
        )
        if status in (200, 201):
            return self._accepted(response)
        if status in RETRYABLE_4XX or status >= 500:
            return RetryLater(
                reason=_problem_reason(response),
                retry_after_s=parse_retry_after(response.headers.get("Retry-After")),
                kind=error_kind(status),
            )
        if 400 <= status < 500:
            return Rejected(
                reason=_problem_reason(response), http_status=status, kind=error_kind(status)
            )
        # 1xx/3xx/other 2xx: not part of the contract; resending is safe (idempotent), so
        # treat it as passing rather than lose the submission.
        return RetryLater(
            reason=f"unexpected HTTP {status}", retry_after_s=None, kind=SyncErrorKind.SERVER
        )

    @staticmethod
    def _accepted(response: httpx.Response) -> SubmitOutcome:
        try:
            body: Any = json.loads(response.content)
        except ValueError:
            return _malformed()
        dossier_code = body.get("dossier_code") if isinstance(body, dict) else None
        if not isinstance(dossier_code, str) or not dossier_code:
            return RetryLater(
                reason="no dossier code in the portal's answer",
                retry_after_s=None,
                kind=SyncErrorKind.SERVER,
            )
        status = body.get("status")
        return Accepted(dossier_code=dossier_code, status=status if isinstance(status, str) else "")

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response | RetryLater:
        try:
            return self._client.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            return RetryLater(
                reason=f"timeout: {type(exc).__name__}",
                retry_after_s=None,
                kind=SyncErrorKind.TIMEOUT,
            )
        except httpx.RequestError as exc:
            return RetryLater(
                reason=network_reason(exc),
                retry_after_s=None,
                kind=SyncErrorKind.NETWORK,
            )

    def _passing_or_refused(self, response: httpx.Response) -> RetryLater | Rejected:
        status = response.status_code
        if status in RETRYABLE_4XX or status >= 500 or status < 400:
            return RetryLater(
                reason=_problem_reason(response),
                retry_after_s=parse_retry_after(response.headers.get("Retry-After")),
                kind=error_kind(status),
            )
        return Rejected(
            reason=_problem_reason(response), http_status=status, kind=error_kind(status)
        )

    def status(self, dossier_code: str) -> StatusOutcome:
        """The dossier's status and history; never raises for the network or the portal."""
        answer = self._request("GET", f"{SUBMISSIONS_PATH}/{dossier_code}")
        if isinstance(answer, RetryLater):
            return answer
        if answer.status_code != 200:
            return self._passing_or_refused(answer)
        try:
            body: Any = json.loads(answer.content)
            history = tuple(
                DossierEvent(str(e["status"]), str(e["at"]), str(e.get("note", "")))
                for e in body.get("history", [])
            )
            return DossierStatus(str(body["dossier_code"]), str(body["status"]), history)
        except (ValueError, TypeError, KeyError, AttributeError):
            return _malformed()

    def look_up(self, tracking_code: str) -> LookupOutcome:
        """The public facts of the dossier with this tracking code, from whichever kiosk or
        office it was made at (:class:`UnknownTrackingCode` when the portal has none).
        Never raises for the network or the portal."""
        # In the body, not the URL: URLs end up in logs (httpx's own, proxies').
        answer = self._request("POST", TRACKING_PATH, json={"tracking_code": tracking_code})
        if isinstance(answer, RetryLater):
            return answer
        if answer.status_code == 404:
            return UnknownTrackingCode(tracking_code)
        if answer.status_code != 200:
            return self._passing_or_refused(answer)
        try:
            return _public_dossier(json.loads(answer.content))
        except (ValueError, TypeError, KeyError, AttributeError):
            return _malformed()

    def request_payment(self, tracking_code: str, amount_vnd: int) -> PaymentOutcome:
        """Ask for the transfer that pays this dossier's fee (the same again gives the same
        payment). The answer is checked as a VietQR code would need it, with the amount
        asked and a purpose naming the tracking code; anything else is the portal's mistake
        (:class:`RetryLater`). ``404``: the portal does not have the dossier yet."""
        answer = self._request(
            "POST",
            PAYMENTS_PATH,
            json={"tracking_code": tracking_code, "amount_vnd": amount_vnd},
        )
        if isinstance(answer, RetryLater):
            return answer
        if answer.status_code not in (200, 201):
            return self._passing_or_refused(answer)
        try:
            body: Any = json.loads(answer.content)
            state, paid_at = _payment_state(body)
            if type(body["amount_vnd"]) is not int:
                raise ValueError("the amount is a whole number of đồng")
            request = PaymentRequest(
                payment_id=str(body["payment_id"]),
                tracking_code=str(body["tracking_code"]),
                bank_bin=str(body["bank_bin"]),
                account=str(body["account"]),
                amount_vnd=body["amount_vnd"],
                purpose=str(body["purpose"]),
                state=state,
                paid_at=paid_at,
            )
            check(request.transfer)
        except (ValueError, TypeError, KeyError, AttributeError, VietQrError):
            return _malformed("the portal's payment cannot be made into a VietQR code")
        if request.amount_vnd != amount_vnd or request.tracking_code != tracking_code:
            return _malformed("the portal's payment is for another dossier or amount")
        if not carries_tracking_code(request.purpose, tracking_code):
            return _malformed("the portal's payment purpose does not name the tracking code")
        return request

    def payment_status(self, payment_id: str) -> PaymentStatusOutcome:
        """Whether the payment was made, and when. Never raises for the network or portal."""
        answer = self._request("GET", f"{PAYMENTS_PATH}/{quote(payment_id, safe='')}")
        if isinstance(answer, RetryLater):
            return answer
        if answer.status_code != 200:
            return self._passing_or_refused(answer)
        try:
            body: Any = json.loads(answer.content)
            state, paid_at = _payment_state(body)
            return PaymentStatus(str(body["payment_id"]), state, paid_at)
        except (ValueError, TypeError, KeyError, AttributeError):
            return _malformed()

    def send_rating(self, key: str, payload_json: str) -> RatingOutcome:
        """POST one rating under its random key (resending is safe). Never raises for the
        network or the portal."""
        answer = self._request(
            "POST",
            RATINGS_PATH,
            content=payload_json.encode("utf-8"),
            headers={"Idempotency-Key": key, "Content-Type": "application/json"},
        )
        if isinstance(answer, RetryLater):
            return answer
        if answer.status_code not in (200, 201):
            return self._passing_or_refused(answer)
        try:
            body: Any = json.loads(answer.content)
            return RatingTaken(str(body["rating_id"]))
        except (ValueError, TypeError, KeyError):
            return _malformed()

    def put_attachment(self, sha256: str, content: bytes) -> UploadOutcome:
        """Upload a file under its hash (idempotent PUT), labelled by its first bytes
        (:func:`attachment_type`)."""
        answer = self._request(
            "PUT",
            f"{ATTACHMENTS_PATH}/{sha256}",
            content=content,
            headers={"Content-Type": attachment_type(content)},
        )
        if isinstance(answer, RetryLater):
            return answer
        if answer.status_code in (200, 201):
            return Stored(sha256)
        return self._passing_or_refused(answer)

    def heartbeat(
        self,
        kiosk_id: str,
        queue_depth: int,
        oldest_unsent_age_s: float | None,
        failed_count: int = 0,
    ) -> bool:
        """Tell the portal this kiosk is alive and how its queue looks; True when it heard.

        ``failed_count`` is the number of submissions the portal refused for good."""
        answer = self._request(
            "POST",
            f"/api/v1/kiosks/{kiosk_id}/heartbeat",
            json={
                "queue_depth": queue_depth,
                "oldest_unsent_age_s": oldest_unsent_age_s,
                "failed_count": failed_count,
                "software_version": USER_AGENT,
            },
        )
        return not isinstance(answer, RetryLater) and answer.status_code == 204

    def catalogue(self, etag: str | None = None) -> CatalogueOutcome:
        """The procedures the portal offers kiosks, as raw documents.

        With ``etag`` (from the last catalogue taken) the portal may answer
        :class:`CatalogueNotModified`. Never raises for the network or the portal: a body
        that is not ``{"procedures": [...]}`` is :class:`CatalogueMalformed`; what is inside
        the list is not checked here.
        """
        headers = {"If-None-Match": etag} if etag else {}
        answer = self._request("GET", CATALOGUE_PATH, headers=headers)
        if isinstance(answer, RetryLater):
            return answer
        new_etag = answer.headers.get("ETag", "")
        if answer.status_code == 304:
            return CatalogueNotModified(new_etag or etag or "")
        if answer.status_code != 200:
            return self._passing_or_refused(answer)
        try:
            body: Any = json.loads(answer.content)
        except ValueError:
            return CatalogueMalformed(new_etag, "the catalogue is not JSON")
        documents = body.get("procedures") if isinstance(body, dict) else None
        if not isinstance(documents, list):
            return CatalogueMalformed(new_etag, "the catalogue has no 'procedures' list")
        return CatalogueDocuments(new_etag, documents)

    def enrol(self, enrolment_code: str) -> EnrolOutcome:
        """Trade a one-time code for ``(kiosk_id, credential)``. Never log the credential.

        A code the portal does not know (or that was used) is :class:`Rejected` (403), not
        "later": no retry would make it good."""
        answer = self._request("POST", ENROLMENT_PATH, json={"enrolment_code": enrolment_code})
        if isinstance(answer, RetryLater):
            return answer
        if answer.status_code == 403:
            return Rejected(
                reason=_problem_reason(answer), http_status=403, kind=SyncErrorKind.AUTH
            )
        if answer.status_code != 201:
            return self._passing_or_refused(answer)
        try:
            body: Any = json.loads(answer.content)
            kiosk_id, credential = body["kiosk_id"], body["credential"]
        except (ValueError, TypeError, KeyError):
            return _malformed()
        if not isinstance(kiosk_id, str) or not isinstance(credential, str):
            return RetryLater(
                reason="malformed enrolment in the answer",
                retry_after_s=None,
                kind=SyncErrorKind.SERVER,
            )
        if not kiosk_id or not credential:
            return RetryLater(
                reason="empty enrolment in the answer",
                retry_after_s=None,
                kind=SyncErrorKind.SERVER,
            )
        return kiosk_id, credential

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()
