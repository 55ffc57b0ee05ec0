"""The kiosk's side of its systemd unit (``Type=notify``, ``WatchdogSec=``): ready once the
home screen is drawn, alive while the GUI thread runs.

``READY=1`` goes out after the window's first ``frameSwapped`` (the home screen on the
display), so systemd counts the start until a resident could actually use the kiosk.
``WATCHDOG=1`` goes out from a :class:`~PySide6.QtCore.QTimer` on the GUI thread at half the
unit's ``WatchdogSec=`` (:func:`~kiosk.app.systemd_notify.watchdog_interval`): a GUI thread
that is stuck (a slot that never returns, a deadlock) stops the pings, and systemd kills and
restarts the kiosk. ``STATUS=`` lines say what the kiosk is doing in ``systemctl status``;
``STOPPING=1`` goes out on a clean exit. Outside systemd all of it does nothing.

Wiring, in the composition root (:func:`~kiosk.app.on_screen.put_on_screen`)::

    service = ServiceNotifier(window.window)  # before the event loop runs: no frame missed
    ...
    service.stop()  # STOPPING=1
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtQuick import QQuickWindow

from kiosk.app.systemd_notify import READY, STOPPING, WATCHDOG, notify, watchdog_interval

log = logging.getLogger(__name__)

STARTING_STATUS = "Starting: loading the screens and the devices"
READY_STATUS = "Home screen shown: ready for residents"
STOPPING_STATUS = "Stopping"


class ServiceNotifier(QObject):
    """Tells systemd when the kiosk's window first shows (``READY=1``) and, from a timer on
    the GUI thread, that the GUI thread still runs (``WATCHDOG=1``)."""

    def __init__(self, window: QQuickWindow, environ: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self._environ = environ
        self._window: QQuickWindow | None = window
        self.ready = False
        """Whether ``READY=1`` went out (the first frame was drawn)."""
        interval = watchdog_interval(environ)
        self.timer = QTimer(self)
        """The GUI thread's keep-alive timer; runs from the first frame when the unit has a
        watchdog (``interval()`` is half of ``WatchdogSec=``, in ms)."""
        self.timer.setInterval(0 if interval is None else max(1, round(interval * 1000)))
        self.watchdog = interval is not None
        """Whether the unit has a watchdog for this process."""
        self.timer.timeout.connect(self._ping)
        # frameSwapped comes from the scene graph's render thread; connected to this object's
        # slot it is queued to the GUI thread, after the frame is on the screen.
        window.frameSwapped.connect(self._first_frame)
        # A frame drawn while the window was being made would have gone unheard: ask for one.
        window.update()
        notify("STATUS=" + STARTING_STATUS, environ)

    @Slot()
    def _first_frame(self) -> None:
        if self.ready or self._window is None:
            return
        self._window.frameSwapped.disconnect(self._first_frame)
        self.ready = True
        notify(f"{READY}\nSTATUS={READY_STATUS}", environ=self._environ)
        if self.watchdog:
            self.timer.start()
            log.info("systemd watchdog: a ping every %d ms", self.timer.interval())

    @Slot()
    def _ping(self) -> None:
        notify(WATCHDOG, self._environ)

    def stop(self) -> None:
        """Stop pinging and tell systemd the kiosk is stopping on purpose (a clean exit)."""
        self.timer.stop()
        if self._window is not None and not self.ready:
            self._window.frameSwapped.disconnect(self._first_frame)
        self._window = None
        notify(f"{STOPPING}\nSTATUS={STOPPING_STATUS}", self._environ)
