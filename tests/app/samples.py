"""Sample snapshots of a kiosk's health for the metrics and ``kiosk health`` tests."""

from __future__ import annotations

from dataclasses import replace

from kiosk.health import CameraHealth, KioskHealth, PrinterHealth, ReaderHealth

STARTED = 1_780_000_000.0
NOW = STARTED + 3 * 3600

HEALTHY = KioskHealth(
    kiosk_id="HN-KIOSK-000123",
    version="1.4.0",
    started_at=STARTED,
    now=NOW,
    printer=PrinterHealth.OK,
    reader=ReaderHealth.READY,
    camera=CameraHealth.OK,
    outbox_counts={"queued": 2, "sending": 0, "accepted": 40, "failed": 0},
    oldest_unsent_age_s=12.0,
    last_sync_success_at=NOW - 30,
    last_heartbeat_at=NOW - 20,
    sync_errors={
        "network": 3,
        "timeout": 1,
        "server": 0,
        "rate_limited": 0,
        "refused": 0,
        "auth": 0,
        "internal": 0,
    },
    disk_free_bytes=20 * 2**30,
    disk_total_bytes=32 * 2**30,
    clock_skew_s=-0.4,
    catalogue_version="2026-11-01",
    sessions_started=50,
    sessions_completed=42,
    sessions_abandoned=7,
    submissions=42,
    receipts_printed=41,
    receipts_failed=1,
)

PAPER_OUT = replace(HEALTHY, printer=PrinterHealth.PAPER_OUT)

FRESH = KioskHealth(kiosk_id="HN-KIOSK-000124", version="1.4.0", started_at=STARTED, now=STARTED)
"""Just started: nothing known yet (no sync, no heartbeat, no clock skew)."""
