"""An operator's scraper reads the running kiosk's metrics, and a technician runs `kiosk
health` against it: the facts follow what happens at the screen and at the printer."""

from __future__ import annotations

import json

import httpx

from hardware.simulators.printer import SimulatedPrinter
from kiosk.app.cli import main
from kiosk.app.on_screen import OnScreen
from kiosk.ports import PrinterState, PrinterStatus


def scrape(on_screen: OnScreen) -> str:
    assert on_screen.metrics is not None
    return httpx.get(on_screen.metrics.url, timeout=5).text


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one series in an exposition (the kiosk label is not given)."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name + "{"):
            continue
        head, value = line.rsplit(" ", 1)
        if all(f'{k}="{v}"' in head for k, v in labels.items()):
            return float(value)
    raise AssertionError(f"no {name} {labels} in the exposition")


def test_the_kiosk_serves_its_metrics_and_they_follow_the_screen(on_screen, driver, qtbot):
    kiosk_id = on_screen.app.client.kiosk_id
    first = scrape(on_screen)
    assert f'kiosk_build_info{{kiosk="{kiosk_id}"' in first
    assert sample(first, "kiosk_sessions_started_total") == 0

    driver.tap("startButton")
    driver.wait_for("procedure_dang-ky-tam-tru")

    assert sample(scrape(on_screen), "kiosk_sessions_started_total") == 1


def test_kiosk_health_tells_the_technician_the_printer_is_out_of_paper(
    on_screen, capsys, monkeypatch
):
    printer = on_screen.app.printer
    assert isinstance(printer, SimulatedPrinter)
    printer.set_status(PrinterStatus(PrinterState.NO_PAPER, "test"))
    on_screen.health.poll_printer()
    assert on_screen.metrics is not None
    url = on_screen.metrics.url

    assert sample(scrape(on_screen), "kiosk_printer_state", kiosk_printer_state="paper_out") == 1
    assert main(["health", "--json", "--url", url]) == 1
    report = json.loads(capsys.readouterr().out)
    assert "paper_out" in json.dumps(report)
