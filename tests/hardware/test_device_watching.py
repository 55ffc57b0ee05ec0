"""What the devices tell whoever watches them (the audit trail's fault watchers): every state
a printer reports, from its status answers and its jobs, and whether the camera gives frames."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from hardware.camera import scan_service
from hardware.camera.kiosk_camera import KioskCamera
from hardware.camera.scan_service import QrScanService
from hardware.printer.escpos_printer import EscposReceiptPrinter
from hardware.qr_scanner import QrScanner
from hardware.simulators.printer import SimulatedPrinter
from kiosk.ports import PrinterState, PrinterStatus, ScanTarget
from kiosk.receipt import Receipt


def test_the_simulated_printer_tells_each_status_and_each_job(
    tmp_path: Path, receipt: Receipt, font_dir: Path
):
    printer = SimulatedPrinter(tmp_path, 384, font_dir)
    told: list[PrinterState] = []
    printer.watch(told.append)

    printer.status()
    printer.set_status(PrinterStatus(PrinterState.NO_PAPER, "test"))
    assert not printer.print_receipt(receipt).printed
    printer.status()
    printer.set_status(PrinterStatus(PrinterState.READY))
    assert printer.print_receipt(receipt).printed

    assert told == [
        PrinterState.READY,
        PrinterState.NO_PAPER,
        PrinterState.NO_PAPER,
        PrinterState.READY,
    ]


def test_a_printer_that_cannot_say_its_status_is_ready_once_it_took_a_job(
    tmp_path: Path, receipt: Receipt, font_dir: Path
):
    device = tmp_path / "usb" / "lp0"
    printer = EscposReceiptPrinter("file", str(device), 384, font_dir)
    told: list[PrinterState] = []
    printer.watch(told.append)

    assert printer.status().state is PrinterState.DISCONNECTED  # no device file yet
    assert not printer.print_receipt(receipt).printed
    device.parent.mkdir()
    device.touch()  # plugged in
    assert printer.status().state is PrinterState.UNKNOWN  # a file cannot answer
    result = printer.print_receipt(receipt)
    assert result.printed and result.status.state is PrinterState.UNKNOWN

    assert told == [
        PrinterState.DISCONNECTED,
        PrinterState.DISCONNECTED,
        PrinterState.UNKNOWN,
        PrinterState.READY,
    ]


class _ScriptedCamera:
    """Gives the frames (None: a failed read) of its script, then stops the service."""

    def __init__(self, script: list[bool]) -> None:
        self.script = list(script)
        self.service: QrScanService | None = None

    def read(self) -> np.ndarray | None:
        if not self.script:
            assert self.service is not None
            self.service.stop(wait=False)
            return np.zeros((2, 2), np.uint8)
        return np.zeros((2, 2), np.uint8) if self.script.pop(0) else None

    def close(self) -> None:
        """Nothing to release."""


class _UnpluggedCamera:
    """Never gives a frame."""

    def read(self) -> np.ndarray | None:
        return None

    def close(self) -> None:
        """Nothing to release."""


def test_the_scan_service_tells_when_the_camera_starts_and_stops_giving_frames(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(scan_service, "RETRY_AFTER_FAILED_READ_S", 0.0)
    camera = _ScriptedCamera([False, False, True, True, False, True, True])
    told: list[bool] = []
    service = QrScanService(camera, QrScanner(), lambda _: None, on_frames=told.append)
    camera.service = service

    service._run()  # on this thread: the script stops it at its end

    assert told == [False, True, False, True]


def test_the_kiosk_camera_passes_whoever_watches_the_frames_to_each_scan():
    cameras: list[_UnpluggedCamera] = []
    told: list[bool] = []
    heard = threading.Event()

    def on_frames(giving: bool) -> None:
        told.append(giving)
        heard.set()

    def open_camera(_target: ScanTarget) -> _UnpluggedCamera:
        cameras.append(_UnpluggedCamera())
        return cameras[-1]

    camera = KioskCamera(open_camera, on_frames=on_frames)
    camera.start(lambda _: None)
    try:
        assert heard.wait(30)
    finally:
        camera.close()
    assert told[0] is False
    heard.clear()
    camera.start_preview(lambda _: None)
    try:
        assert heard.wait(30)
    finally:
        camera.close()
    assert len(cameras) == 2 and told[:2] == [False, False]
