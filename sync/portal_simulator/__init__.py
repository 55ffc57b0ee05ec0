"""A stand-in for the city portal: a real HTTP server on loopback, for tests and demos.

It implements ``sync/portal-openapi.yaml`` (enrolment, catalogue with ETag, content-addressed
attachments, idempotent submissions, dossier status with history, heartbeat, the public
look-up by tracking code, payment requests and their status, anonymous ratings) with RFC 9457
problem details, and keeps everything in its own SQLite file (``portal.sqlite3``), so stopping
and starting it again is like the real portal restarting: nothing is forgotten and dossier
numbers go on.

Dossiers move through their statuses as the simulator's (injectable) clock advances:
``received`` → ``processing`` after ``processing_after_s`` → a decision after
``decision_after_s`` (``result_ready`` mostly; ``additional_documents_needed`` or
``rejected`` for some, chosen from the Idempotency-Key so it is repeatable).

Faults are injected at random from a SPEC string (grammar in :mod:`.faults`), or for the next
``n`` submissions with :meth:`PortalSimulator.inject_faults`.

Kiosks authenticate with the bearer credential they got at enrolment. Requests without one
are refused (``401``) unless the simulator is told to accept them (``allow_unenrolled=True``,
``kiosk portal-sim --allow-unenrolled``): the demo and most tests run unenrolled. A
credential that is sent is always checked.

The catalogue is the procedure documents (the keys of each ``config/procedures/*.toml``,
read with tomllib, as JSON) under a strong ETag over the exact bytes served.

Outside the contract, for tests and technicians (never faulted, never authenticated):
``GET /health``; ``GET /sim/dossiers`` (every dossier with its body: test eyes only);
``GET /sim/kiosks`` (every kiosk with its last heartbeat); ``POST /sim/enrolment-codes`` (a
new one-time code); ``PUT /sim/catalogue`` (any JSON body becomes the catalogue, served
verbatim even if it is not a valid one, under a new ETag); ``POST /sim/payments/{id}/paid``
(the bank reports the transfer: the payment is paid from now on); ``GET /sim/ratings``
(every rating as sent); ``GET /sim/notifications`` (the SMS and Zalo messages the portal sent
to residents who consented: one per status of their dossier); and
:meth:`PortalSimulator.requests` (what was asked, stamped with the simulator's clock) and
:meth:`PortalSimulator.attachment` (an attachment's bytes and the media type it came as).

What is where: ``simulator`` (``PortalSimulator``: start, stop, serve, fault arming, the
catalogue), ``handler`` (the HTTP server and request routing), ``responses`` (how answers are
written, and mangled by faults), ``validation`` (request-body checks), ``store`` (the SQLite
state), ``timeline`` (how statuses advance), ``routes`` (paths, limits, identifier shapes)
and ``faults`` (the SPEC grammar and the random draws).

Who may import it: product code never does. Only the composition root (``kiosk.app``: the demo
and the ``kiosk portal-sim`` command) and the tests use it, and only through this
package's names below.

What it may import: the standard library, and the kiosk core for the procedure documents and
the configuration paths. Never Qt, ``ui`` or ``hardware``, and never the kiosk's own sync
client or outbox (``sync.portal_client``, ``sync.outbox``, ``sync.worker``…): it plays the
other side of the wire, and must not agree with the client by sharing its code.
"""

from __future__ import annotations

from sync.portal_simulator.faults import SPEC_HELP, FaultSpec, FaultSpecError
from sync.portal_simulator.simulator import PortalSimulator, RequestSeen
from sync.portal_simulator.store import HeldAttachment, Payee
from sync.portal_simulator.timeline import Timeline

__all__ = [
    "SPEC_HELP",
    "FaultSpec",
    "FaultSpecError",
    "HeldAttachment",
    "Payee",
    "PortalSimulator",
    "RequestSeen",
    "Timeline",
]
