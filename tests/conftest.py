"""Test-wide set-up: Qt renders offscreen with the on-screen keyboard, as on a kiosk; outbox
files opened in the test process are migrated in it (the kiosk's processes, which the tests
also start, migrate in a child: sync/outbox/schema_migrations.py)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false;qt.qml.propertyCache*=false")

import pytest


@pytest.fixture(scope="session")
def qapp_cls():
    """The kiosk is a Qt Quick application: no widgets, so a QGuiApplication."""
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication


@pytest.fixture(autouse=True)
def _outbox_migrated_here(monkeypatch: pytest.MonkeyPatch) -> None:
    from sync.outbox import schema_migrations

    monkeypatch.setattr(schema_migrations, "IN_CHILD", False)
