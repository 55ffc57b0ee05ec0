"""Start Qt, load the bundled fonts, the translations and the QML window."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QTranslator, QUrl
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine, QQmlError
from PySide6.QtQuick import QQuickWindow

from ui.activity_filter import ActivityFilter
from ui.gui_thread_gc import collect_on_the_gui_thread
from ui.session_bridge import SessionBridge

QML_DIR = Path(__file__).resolve().parent / "qml"
I18N_DIR = Path(__file__).resolve().parent / "i18n"
KEYBOARD_DIR = Path(__file__).resolve().parent / "keyboard"
"""The on-screen keyboard's style (QtQuick/VirtualKeyboard/Styles/kiosk, found on this
import path) and its layouts (layouts/: Vietnamese with tone keys, the number pad)."""
KEYBOARD_STYLE = "kiosk"
FONT_FAMILY = "Noto Sans"


class QmlError(Exception):
    """The QML window failed to load (a bug in the screens)."""


def create_gui_application(font_dir: Path, headless: bool = False) -> QGuiApplication:
    """The Qt application, set up for the on-screen keyboard and the bundled font."""
    if headless:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    # The keyboard's key sounds load Qt Multimedia, which complains about a missing
    # PipeWire on every start; the kiosk has no use for it.
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false;qt.qml.propertyCache*=false")
    # The Basic style, named in the environment: QQuickStyle.setStyle would import
    # PySide6.QtQuickControls2 (about 3 ms before the first frame) to say the same.
    os.environ["QT_QUICK_CONTROLS_STYLE"] = "Basic"
    existing = QCoreApplication.instance()
    app = existing if isinstance(existing, QGuiApplication) else QGuiApplication([])
    for font in sorted(font_dir.glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(font))
    app.setFont(QFont(FONT_FAMILY))
    collect_on_the_gui_thread(app)
    return app


def use_kiosk_keyboard(engine: QQmlApplicationEngine) -> None:
    """Have Qt's virtual keyboard, when the window makes it, draw itself in the kiosk's style
    and take its layouts from ``ui/keyboard`` (absolute paths: any working directory)."""
    os.environ["QT_VIRTUALKEYBOARD_STYLE"] = KEYBOARD_STYLE
    os.environ["QT_VIRTUALKEYBOARD_LAYOUT_PATH"] = str(KEYBOARD_DIR / "layouts")
    engine.addImportPath(str(KEYBOARD_DIR))


class KioskWindow:
    """The loaded QML window with its bridge and language switching."""

    def __init__(self, bridge: SessionBridge, width: int, height: int, fullscreen: bool) -> None:
        self.bridge = bridge
        self.engine = QQmlApplicationEngine()
        use_kiosk_keyboard(self.engine)
        self._translator = QTranslator()
        self._english = self._translator.load(str(I18N_DIR / "kiosk_en.qm"))
        self.engine.rootContext().setContextProperty("kiosk", bridge)
        # Only screens after the home screen show pictures from memory: their providers
        # come with the views that hold them.
        bridge.when_views_made(self._add_image_providers)
        errors: list[str] = []

        def collect(warnings: list[QQmlError]) -> None:
            errors.extend(w.toString() for w in warnings)

        # Collected while loading only: kept for the kiosk's lifetime, every later warning
        # (they still go to stderr) would pile up in this list.
        self.engine.warnings.connect(collect)
        self.engine.load(QUrl.fromLocalFile(str(QML_DIR / "Main.qml")))
        self.engine.warnings.disconnect(collect)
        roots = self.engine.rootObjects()
        if not roots or not isinstance(roots[0], QQuickWindow):
            raise QmlError("; ".join(errors) or "Main.qml did not load")
        self.window: QQuickWindow = roots[0]
        self._activity = ActivityFilter(bridge.touched, self.window)
        self.window.installEventFilter(self._activity)
        self.window.setWidth(width)
        self.window.setHeight(height)
        if fullscreen:
            self.window.showFullScreen()

    def _add_image_providers(self) -> None:
        for provider in self.bridge.image_providers():
            self.engine.addImageProvider(provider.provider_id, provider)

    def close(self) -> None:
        """Destroy the window before the objects its bindings read, and take its
        translation off the application (a window made after this one starts in the
        source language)."""
        app = QCoreApplication.instance()
        if app is not None:
            app.removeTranslator(self._translator)
        self.window.close()
        self.window.deleteLater()
        self.engine.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def set_language(self, language: str) -> None:
        """Switch every qsTr text between Vietnamese (the source) and English."""
        app = QCoreApplication.instance()
        assert app is not None
        app.removeTranslator(self._translator)
        if language == "en" and self._english:
            app.installTranslator(self._translator)
        QLocale.setDefault(
            QLocale(QLocale.Language.English if language == "en" else QLocale.Language.Vietnamese)
        )
        self.engine.retranslate()
