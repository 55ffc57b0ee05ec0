"""The simulated CCCD behind the real PC/SC stack: pcscd + vsmartcard's vpcd + our card.

For the kiosk demo and the chip tests alike::

    with VirtualCardService(demo_identity(), pace=PaceMode.ACCEPT) as service:
        service.insert()                     # the card is on "Virtual PCD 00 00"
        PcscChipReader(service.reader_name).read(identity)
        service.remove()                     # pulled

:class:`PcscdService` makes sure a PC/SC service showing the virtual reader answers: if one
already does (a system pcscd, or another test's), it is used as it is; if no pcscd answers,
``pcscd --foreground`` is started as a child process, and :meth:`PcscdService.close` stops it
again, and only it. pcscd reads ``/etc/reader.conf.d/vpcd`` when it starts (Debian package
``vsmartcard-vpcd``) and then listens on 127.0.0.1:35963 for a virtual card, which is what
:meth:`~hardware.simulators.card.chip.CccdCardSimulator.insert` connects to.

Starting pcscd needs root (or the rights to its socket directory). Anything that keeps the
virtual reader from working raises :class:`VirtualCardError` with the reason in words.

``python -m hardware.simulators.card.vpcd [--pace accept|refuse|off]`` puts the demo
citizen's card on the virtual reader, starting pcscd if none runs, until Ctrl+C.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType, TracebackType

from smartcard import scard

from hardware.card_reader.pcsc_reader import PcscCardReader
from hardware.simulators.card.chip import CccdCardSimulator, PaceMode, demo_identity
from hardware.simulators.card.vpcd_link import VPCD_PORT
from kiosk.cccd_qr import CitizenIdentity
from kiosk.ports import ReaderState

logger = logging.getLogger(__name__)

VIRTUAL_READER = "Virtual PCD 00 00"
VPCD_CONFIG = Path("/etc/reader.conf.d/vpcd")
START_TIMEOUT_S = 20.0
STATE_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 10.0
POLL_S = 0.05


class VirtualCardError(RuntimeError):
    """The virtual reader or card cannot be had; the message says why."""


def list_readers() -> list[str] | None:
    """The PC/SC reader names, or None when no PC/SC service answers."""
    result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if result != scard.SCARD_S_SUCCESS:
        return None
    try:
        result, readers = scard.SCardListReaders(context, [])
        if result in (scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED):
            return None
        if result != scard.SCARD_S_SUCCESS:
            return []
        return [str(name) for name in readers]
    finally:
        scard.SCardReleaseContext(context)


def wait_for_reader_state(
    reader_name: str, state: ReaderState, timeout_s: float = STATE_TIMEOUT_S
) -> bool:
    """Wait until pcscd reports ``state`` for the reader; False if it did not in time."""
    watcher = PcscCardReader(reader_name)
    deadline = time.monotonic() + timeout_s
    while watcher.state() is not state:
        if time.monotonic() > deadline:
            return False
        time.sleep(POLL_S)
    return True


class PcscdService:
    """A PC/SC service that shows ``reader_name``: the running one, or a pcscd of our own."""

    def __init__(
        self,
        reader_name: str = VIRTUAL_READER,
        *,
        pcscd_path: str | None = None,
        vpcd_config: Path = VPCD_CONFIG,
        start_timeout_s: float = START_TIMEOUT_S,
    ) -> None:
        self.reader_name = reader_name
        self.pcscd_path = pcscd_path
        self.vpcd_config = vpcd_config
        self.start_timeout_s = start_timeout_s
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def started_here(self) -> bool:
        """True if this object started the pcscd that runs now."""
        return self._process is not None and self._process.poll() is None

    def _reader_listed(self) -> bool:
        readers = list_readers()
        return readers is not None and any(self.reader_name in name for name in readers)

    def start(self) -> None:
        """Make sure the reader is listed; start pcscd if no PC/SC service answers."""
        if self._reader_listed():
            return
        deadline = time.monotonic() + self.start_timeout_s
        if list_readers() is not None:
            # A service answers without the reader: maybe it is just starting.
            while not self._reader_listed():
                if time.monotonic() > deadline:
                    raise VirtualCardError(
                        f"a PC/SC service is running but does not show {self.reader_name!r}: "
                        "install vsmartcard-vpcd and restart pcscd"
                    )
                time.sleep(POLL_S)
            return
        pcscd = self.pcscd_path or shutil.which("pcscd") or "/usr/sbin/pcscd"
        if not Path(pcscd).exists():
            raise VirtualCardError(f"no PC/SC service answers and there is no pcscd at {pcscd}")
        if not self.vpcd_config.exists():
            raise VirtualCardError(
                f"{self.vpcd_config} is missing: install the Debian package vsmartcard-vpcd"
            )
        try:
            self._process = subprocess.Popen(
                [pcscd, "--foreground"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        except OSError as error:
            raise VirtualCardError(f"pcscd could not be started: {error}") from error
        logger.info("pcscd started", extra={"event": "pcscd_started", "pid": self._process.pid})
        while not self._reader_listed():
            code = self._process.poll()
            if code is not None:
                self._process = None
                raise VirtualCardError(f"pcscd exited with status {code} (is this root?)")
            if time.monotonic() > deadline:
                self.close()
                raise VirtualCardError(
                    f"pcscd did not show {self.reader_name!r} within {self.start_timeout_s} s"
                )
            time.sleep(POLL_S)

    def close(self) -> None:
        """Stop pcscd if, and only if, this object started it."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT_S)
        logger.info("pcscd stopped", extra={"event": "pcscd_stopped"})


class VirtualCardService:
    """A simulated CCCD on the virtual reader, for the demo and the tests.

    ``identity`` and ``pace`` make the card :meth:`insert` puts on the reader when it is given
    none (the demo citizen, offering and accepting PACE, unless told otherwise). ``pcscd`` is
    a :class:`PcscdService` to share; without one the service makes its own, and
    :meth:`close` stops the pcscd that one started.
    """

    def __init__(
        self,
        identity: CitizenIdentity | None = None,
        *,
        pace: PaceMode | str = PaceMode.ACCEPT,
        reader_name: str = VIRTUAL_READER,
        port: int = VPCD_PORT,
        pcscd: PcscdService | None = None,
        state_timeout_s: float = STATE_TIMEOUT_S,
    ) -> None:
        self.identity = identity or demo_identity()
        self.pace = PaceMode(pace)
        self.port = port
        self.state_timeout_s = state_timeout_s
        self._owns_pcscd = pcscd is None
        self.pcscd = pcscd or PcscdService(reader_name)
        self.card: CccdCardSimulator | None = None

    @property
    def reader_name(self) -> str:
        """The PC/SC reader the card goes on (give it to ``PcscChipReader``)."""
        return self.pcscd.reader_name

    @property
    def started_pcscd(self) -> bool:
        """True if this service started the pcscd that runs now."""
        return self.pcscd.started_here

    def start(self) -> VirtualCardService:
        """Make sure pcscd shows the virtual reader (see :class:`PcscdService`)."""
        self.pcscd.start()
        return self

    def insert(self, card: CccdCardSimulator | None = None) -> CccdCardSimulator:
        """Put ``card`` (or a new card of this service's identity) on the reader.

        Returns once pcscd sees it. A card already there is taken off first.
        """
        if self.card is not None:
            self.remove()
        card = card or CccdCardSimulator(self.identity, pace=self.pace, port=self.port)
        if not card.insert(timeout_s=self.state_timeout_s):
            raise VirtualCardError(f"vpcd is not listening on 127.0.0.1:{card.port}")
        self.card = card
        if not wait_for_reader_state(
            self.reader_name, ReaderState.CARD_PRESENT, self.state_timeout_s
        ):
            raise VirtualCardError(f"pcscd did not see the card on {self.reader_name!r}")
        return card

    def remove(self, *, wait: bool = True) -> None:
        """Take the card off the reader; with ``wait``, return once pcscd sees it empty."""
        card, self.card = self.card, None
        if card is None:
            return
        card.remove()
        if wait and not wait_for_reader_state(
            self.reader_name, ReaderState.EMPTY, self.state_timeout_s
        ):
            raise VirtualCardError(f"pcscd still sees a card on {self.reader_name!r}")

    def close(self) -> None:
        """Take the card off; stop pcscd if this service started it. Never raises."""
        try:
            self.remove(wait=False)
        finally:
            if self._owns_pcscd:
                self.pcscd.close()

    def __enter__(self) -> VirtualCardService:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def main(argv: list[str] | None = None) -> int:
    """Put the demo citizen's card on the virtual reader (starting pcscd if need be)."""
    parser = argparse.ArgumentParser(
        prog="python -m hardware.simulators.card.vpcd",
        description=__doc__.splitlines()[0] if __doc__ else "",
    )
    parser.add_argument("--pace", choices=[m.value for m in PaceMode], default="accept")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    # SIGTERM (and SIGINT, which a shell ignores in background jobs) pull the card and stop
    # the pcscd this command started, instead of leaving it behind.
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        with VirtualCardService(pace=args.pace) as service:
            service.insert()
            print(f"card on {service.reader_name!r}; Ctrl+C pulls it")
            try:
                while True:
                    time.sleep(1)
            except KeyboardInterrupt:
                pass
    except VirtualCardError as error:
        print(f"virtual card unavailable: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
