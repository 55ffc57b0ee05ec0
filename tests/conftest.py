"""Test-wide set-up: Qt renders offscreen with the on-screen keyboard, as on a kiosk."""

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
