"""The kiosk's side of its systemd unit (``Type=notify``, ``WatchdogSec=``): ready once the
home screen is drawn, alive while the GUI thread runs.

``READY=1`` goes out once a resident could actually use the kiosk: after the window's first
``frameSwapped`` (the home screen on the display) and, when the back-end is started after
that frame (the staged start-up, :mod:`kiosk.app.start_up`), only once the outbox, the
portal client and the devices are up too (:meth:`ServiceNotifier.backend_up`). Between the
two, ``STATUS=`` says the home screen shows and the back-end is starting; a resident's taps
then are kept (the screens wait for the back-end, :mod:`kiosk.app.pending_ports`). A
back-end that never comes up means no ``READY=1``: systemd's start time-out restarts the
kiosk.
``WATCHDOG=1`` goes out from a :class:`~PySide6.QtCore.QTimer` on the GUI thread at half the
unit's ``WatchdogSec=`` (:func:`~kiosk.app.systemd_notify.watchdog_interval`): a GUI thread
that is stuck (a slot that never returns, a deadlock) stops the pings, and systemd kills and
restarts the kiosk. ``STATUS=`` lines say what the kiosk is doing in ``systemctl status``;
``STOPPING=1`` goes out on a clean exit. Outside systemd all of it does nothing.

Wiring, in the composition root (:func:`~kiosk.app.on_screen.put_on_screen`)::

    service = ServiceNotifier(window.window)  # before the event loop runs: no frame missed
    ...
    # or, with the back-end started after the first frame:
    service = ServiceNotifier(window.window, backend_pending=True)
    service.first_frame_shown.connect(start_the_backend)
    ...
    service.backend_up()  # READY=1 now (the frame is already on the screen)
    ...
    service.stop()  # STOPPING=1
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtQuick import QQuickWindow

from kiosk.app.systemd_notify import READY, STOPPING, WATCHDOG, notify, watchdog_interval

log = logging.getLogger(__name__)

STARTING_STATUS = "Starting: loading the screens and the devices"
READY_STATUS = "Home screen shown: ready for residents"
BACKEND_STARTING_STATUS = "Home screen shown: starting the outbox, the portal link and the devices"
STOPPING_STATUS = "Stopping"


class ServiceNotifier(QObject):
    """Tells systemd when the kiosk can take a resident (``READY=1``: its window's first
    frame is drawn, and its back-end is up) and, from a timer on the GUI thread, that the
    GUI thread still runs (``WATCHDOG=1``).

    ``backend_pending``: the back-end starts after the first frame; ``READY=1`` waits for
    :meth:`backend_up` as well."""

    first_frame_shown = Signal()
    """The window's first frame is on the screen (emitted once, on the GUI thread)."""

    def __init__(
        self,
        window: QQuickWindow,
        environ: Mapping[str, str] | None = None,
        *,
        backend_pending: bool = False,
    ) -> None:
        super().__init__()
        self._environ = environ
        self._window: QQuickWindow | None = window
        self.ready = False
        """Whether ``READY=1`` went out (the first frame was drawn and the back-end is up)."""
        self.frame_shown = False
        """Whether the window's first frame was drawn."""
        self.backend_ready = not backend_pending
        """Whether the back-end (outbox, portal client, devices) is up."""
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
        if self.frame_shown or self._window is None:
            return
        self._window.frameSwapped.disconnect(self._first_frame)
        self.frame_shown = True
        if self.watchdog:  # the GUI thread runs: from now on, a stuck one stops the pings
            self.timer.start()
            log.info("systemd watchdog: a ping every %d ms", self.timer.interval())
        if self.backend_ready:
            self._tell_ready()
        else:
            notify("STATUS=" + BACKEND_STARTING_STATUS, self._environ)
        self.first_frame_shown.emit()

    def backend_up(self) -> None:
        """The back-end is up: ``READY=1`` now if the first frame is drawn, else with it."""
        self.backend_ready = True
        if self.frame_shown and self._window is not None:
            self._tell_ready()

    def _tell_ready(self) -> None:
        if not self.ready:
            self.ready = True
            notify(f"{READY}\nSTATUS={READY_STATUS}", environ=self._environ)

    @Slot()
    def _ping(self) -> None:
        notify(WATCHDOG, self._environ)

    def stop(self) -> None:
        """Stop pinging and tell systemd the kiosk is stopping on purpose (a clean exit)."""
        self.timer.stop()
        if self._window is not None and not self.frame_shown:
            self._window.frameSwapped.disconnect(self._first_frame)
        self._window = None
        notify(f"{STOPPING}\nSTATUS={STOPPING_STATUS}", self._environ)
