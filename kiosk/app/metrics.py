"""The kiosk's Prometheus metrics: the one module that imports ``prometheus_client``.

A :class:`HealthCollector` turns a :class:`~kiosk.health.KioskHealth`, taken at scrape time
from a ``Callable[[], KioskHealth]``, into metric families; every series carries the label
``kiosk`` (the kiosk's id), and every other label value comes from a bounded set (the enums
and :data:`~kiosk.health.OUTBOX_STATES`, the build and catalogue versions). Nothing personal.

Wiring, in the composition root::

    metrics = serve_metrics(settings.metrics, health_source)  # None: off, or could not bind
    ...
    if metrics is not None:
        metrics.stop()

:func:`exposition` renders the text for a source without a server (tests, the simulated
fleet); :func:`parse_exposition` reads one back (``kiosk health``).
"""

from __future__ import annotations

import logging
import re
import socket
import threading
from collections.abc import Callable, Iterator
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    InfoMetricFamily,
    Metric,
    StateSetMetricFamily,
)
from prometheus_client.exposition import ThreadingWSGIServer, generate_latest, make_wsgi_app
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.registry import Collector, CollectorRegistry

from kiosk.health import (
    OUTBOX_STATES,
    CameraHealth,
    KioskHealth,
    PrinterHealth,
    ReaderHealth,
    SyncErrorKind,
)
from kiosk.settings import MetricsSection

log = logging.getLogger(__name__)

Snapshots = Callable[[], KioskHealth]
"""What the collector asks at every scrape (the root's ``health_source``)."""

KIOSK = "kiosk"
"""The label every series carries: the kiosk's id."""


class HealthCollector(Collector):
    """Metric families over a health source, built afresh at every scrape."""

    def __init__(self, source: Snapshots) -> None:
        self._source = source

    def collect(self) -> Iterator[Metric]:
        """Every metric of the kiosk, from one snapshot."""
        return iter(families(self._source()))


def families(health: KioskHealth) -> list[Metric]:
    """The metric families of one snapshot, each series labelled ``kiosk``."""
    k = health.kiosk_id
    out: list[Metric] = []

    def gauge(name: str, doc: str, value: float | None) -> None:
        if value is not None:
            family = GaugeMetricFamily(name, doc, labels=[KIOSK])
            family.add_metric([k], value)
            out.append(family)

    def counter(name: str, doc: str, value: float) -> None:
        family = CounterMetricFamily(name, doc, labels=[KIOSK])
        family.add_metric([k], value)
        out.append(family)

    def state_set(name: str, doc: str, states: list[str], current: str) -> None:
        family = StateSetMetricFamily(name, doc, labels=[KIOSK])
        family.add_metric([k], {state: state == current for state in states})
        out.append(family)

    build = InfoMetricFamily("kiosk_build", "The kiosk software's version.", labels=[KIOSK])
    build.add_metric([k], {"version": health.version})
    out.append(build)
    gauge(
        "kiosk_build_version_number",
        "The version as one number (major*10000 + minor*100 + patch), for comparing versions.",
        version_number(health.version),
    )
    gauge(
        "kiosk_start_time_seconds", "When the kiosk process started (Unix time).", health.started_at
    )
    gauge("kiosk_uptime_seconds", "Seconds since the kiosk process started.", health.uptime_s)
    state_set(
        "kiosk_printer_state",
        "The receipt printer's state.",
        [s.value for s in PrinterHealth],
        health.printer.value,
    )
    state_set(
        "kiosk_card_reader_state",
        "The ID-card reader's state.",
        [s.value for s in ReaderHealth],
        health.reader.value,
    )
    state_set(
        "kiosk_camera_state",
        "The camera's state.",
        [s.value for s in CameraHealth],
        health.camera.value,
    )
    gauge(
        "kiosk_outbox_available",
        "1 when the local outbox can take submissions, 0 when it cannot.",
        1.0 if health.outbox_available else 0.0,
    )
    outbox = GaugeMetricFamily(
        "kiosk_outbox_submissions", "Submissions in the outbox by state.", labels=[KIOSK, "state"]
    )
    for state in OUTBOX_STATES:
        outbox.add_metric([k, state], health.outbox_counts.get(state, 0))
    out.append(outbox)
    gauge(
        "kiosk_outbox_oldest_unsent_age_seconds",
        "Seconds the oldest submission not yet at the portal has waited (0: none waits).",
        health.oldest_unsent_age_s or 0.0,
    )
    gauge(
        "kiosk_outbox_permanent_failures",
        "Submissions the portal refused for good, kept for the operator.",
        health.permanent_failures,
    )
    gauge(
        "kiosk_last_sync_success_timestamp_seconds",
        "When the portal last accepted a submission or answered a status request.",
        health.last_sync_success_at,
    )
    gauge(
        "kiosk_last_heartbeat_success_timestamp_seconds",
        "When the portal last acknowledged a heartbeat.",
        health.last_heartbeat_at,
    )
    errors = CounterMetricFamily(
        "kiosk_sync_errors", "Requests to the portal that failed, by kind.", labels=[KIOSK, "kind"]
    )
    for kind in SyncErrorKind:
        errors.add_metric([k, kind.value], health.sync_errors.get(kind.value, 0))
    out.append(errors)
    gauge(
        "kiosk_data_disk_free_bytes",
        "Free space on the data directory's file system.",
        health.disk_free_bytes,
    )
    gauge(
        "kiosk_data_disk_size_bytes",
        "Size of the data directory's file system.",
        health.disk_total_bytes,
    )
    gauge(
        "kiosk_clock_skew_seconds",
        "The kiosk's clock minus the portal's, from the portal's Date header.",
        health.clock_skew_s,
    )
    catalogue = InfoMetricFamily(
        "kiosk_catalogue", "The catalogue of procedures in use.", labels=[KIOSK]
    )
    catalogue.add_metric([k], {"version": health.catalogue_version})
    out.append(catalogue)
    counter("kiosk_sessions_started", "Sessions started.", health.sessions_started)
    counter(
        "kiosk_sessions_completed",
        "Sessions that ended with a submission queued.",
        health.sessions_completed,
    )
    counter(
        "kiosk_sessions_abandoned",
        "Sessions that ended without a submission.",
        health.sessions_abandoned,
    )
    counter("kiosk_submissions", "Submissions queued.", health.submissions)
    counter("kiosk_receipts_printed", "Receipts printed.", health.receipts_printed)
    counter("kiosk_receipts_failed", "Receipts that failed to print.", health.receipts_failed)
    return out


def version_number(version: str) -> float | None:
    """``1.2.3`` as 10203, for rules that compare versions; None when it is not x.y.z."""
    match = re.match(r"(\d+)\.(\d+)\.(\d+)", version)
    if match is None:
        return None
    major, minor, patch = (int(part) for part in match.groups())
    if minor > 99 or patch > 99:
        return None
    return float(major * 10000 + minor * 100 + patch)


def registry_for(source: Snapshots) -> CollectorRegistry:
    """A registry of its own (not the global one) holding only the kiosk's collector."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(HealthCollector(source))
    return registry


def exposition(source: Snapshots) -> str:
    """The Prometheus text exposition (format 0.0.4) of one scrape of ``source``."""
    return generate_latest(registry_for(source)).decode("utf-8")


def parse_exposition(text: str) -> list[tuple[str, dict[str, str], float]]:
    """Every sample of an exposition as (name, labels, value), for ``kiosk health``."""
    return [
        (sample.name, dict(sample.labels), sample.value)
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    ]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No line on stderr per scrape."""


class _IPv6Server(ThreadingWSGIServer):
    address_family = socket.AF_INET6


class MetricsServer:
    """``/metrics`` over HTTP on a daemon thread; bound to loopback unless configured."""

    def __init__(self, host: str, port: int, source: Snapshots) -> None:
        self.host = host
        self.port = port
        self._source = source
        self._server: WSGIServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> int:
        """Listen and serve; returns the bound port (``port`` 0: any free one)."""
        if self._server is not None:
            raise RuntimeError("the metrics server is already running")
        app = make_wsgi_app(registry_for(self._source))
        server_class = _IPv6Server if ":" in self.host else ThreadingWSGIServer
        server = make_server(self.host, self.port, app, server_class, handler_class=_QuietHandler)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, name="kiosk-metrics", daemon=True
        )
        self._thread.start()
        self.port = int(server.server_address[1])
        return self.port

    @property
    def url(self) -> str:
        """Where the metrics are, once started."""
        return f"http://{self.host}:{self.port}/metrics"

    def stop(self) -> None:
        """Stop serving and close the socket (idempotent)."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)


def serve_metrics(section: MetricsSection, source: Snapshots) -> MetricsServer | None:
    """Start the endpoint ``[metrics]`` describes; None when it is off or cannot listen (the
    kiosk serves residents without it: a warning in the log, not a failure)."""
    if not section.enabled:
        return None
    server = MetricsServer(section.host, section.port, source)
    try:
        server.start()
    except OSError as exc:
        log.warning(
            "metrics: cannot listen on %s:%s (%s); serving none", section.host, section.port, exc
        )
        return None
    log.info("metrics: serving %s", server.url)
    return server
