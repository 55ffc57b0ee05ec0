"""Commands for technicians, on the ``kiosk`` command line: check the ID card reading and the
printer on the spot, without the touch screen.

- ``kiosk id parse-qr``: one QR payload on standard input → one JSON object, or exit 2
- ``kiosk id scan-image FILE...``: the kiosk's own scanning pipeline on image files
- ``kiosk printer status``: what the configured printer says about itself
- ``kiosk printer test-page [--png FILE]``: print (or draw) the test page
- ``kiosk catalog list`` / ``kiosk catalog search TEXT``: the installed procedures

Part of the composition root: it builds devices from the configuration. What it prints
about a card goes to the technician's own terminal, never to a log.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import cv2

from hardware.qr_scanner import QrScanner
from kiosk.app.parts import DEFAULT_DATA_DIR, Mode, build_printer
from kiosk.cccd_qr import MAX_PAYLOAD_BYTES, CitizenIdentity, QrRejection, parse_cccd_qr
from kiosk.procedures import Catalogue
from kiosk.receipt import HANOI_TIME
from kiosk.receipt_layout import layout_test_page, render_blocks
from kiosk.search import search_procedures
from kiosk.settings import FONT_DIR, PROCEDURES_DIR, Settings

EXIT_REJECTED = 2


def add_commands(sub: Any) -> None:
    """Register the ``id`` and ``printer`` commands on the ``kiosk`` parser's subparsers."""
    id_parser = sub.add_parser("id", help="check citizen ID card reading")
    id_sub = id_parser.add_subparsers(dest="id_command", required=True)
    id_sub.add_parser(
        "parse-qr",
        help="parse one CCCD QR payload from standard input and print it as JSON",
    )
    scan = id_sub.add_parser(
        "scan-image", help="run the kiosk's QR scanning pipeline on image files"
    )
    scan.add_argument("files", nargs="+", type=Path, metavar="FILE")

    catalog = sub.add_parser("catalog", help="the installed procedures")
    catalog_sub = catalog.add_subparsers(dest="catalog_command", required=True)
    catalog_sub.add_parser("list", help="print the installed procedures as JSON")
    search = catalog_sub.add_parser(
        "search", help="procedure codes matching TEXT, best first (as the touch screen finds)"
    )
    search.add_argument("text")

    printer = sub.add_parser("printer", help="check the receipt printer")
    printer.add_argument("--demo", action="store_true", help="use the simulated printer")
    printer.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    printer_sub = printer.add_subparsers(dest="printer_command", required=True)
    printer_sub.add_parser("status", help="print the printer's status as JSON")
    page = printer_sub.add_parser("test-page", help="print a test page")
    page.add_argument("--png", type=Path, help="draw the test page to this PNG instead")


def run_command(args: argparse.Namespace, settings: Settings) -> int | None:
    """Run a technician command; ``None`` when ``args`` is not one of them."""
    if args.command == "id":
        if args.id_command == "parse-qr":
            return parse_qr_from_stdin()
        return scan_images(args.files)
    if args.command == "catalog":
        catalogue = Catalogue.load(PROCEDURES_DIR)
        if args.catalog_command == "list":
            print(json.dumps(catalogue_json(catalogue), ensure_ascii=False, indent=2))
        else:
            for procedure in search_procedures(catalogue.procedures, args.text):
                print(procedure.code)
        return 0
    if args.command == "printer":
        mode: Mode = "demo" if args.demo else "run"
        if args.printer_command == "status":
            return printer_status(settings, mode, args.data_dir)
        return test_page(settings, mode, args.data_dir, args.png)
    return None


def catalogue_json(catalogue: Catalogue) -> list[dict[str, Any]]:
    """The installed procedures as the technician and the portal see them."""
    return [
        {
            "code": p.code,
            "version": p.version,
            "name_vi": p.name.vi,
            "name_en": p.name.en,
            "area": p.area,
            "fee_vnd": p.fee_vnd,
            "field_count": len(p.questions),
            "online_level": p.online_level,
        }
        for p in catalogue.procedures
    ]


def parse_qr_from_stdin() -> int:
    """Parse the payload on standard input; JSON on stdout, or the reason on stderr.

    Standard input is read as bytes and decoded as strict UTF-8 (what a card holds), at most
    a little more than a QR code can hold, so that standard output is only ever UTF-8 JSON.
    """
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream with no bytes under it (tests): already text
        payload = sys.stdin.read(MAX_PAYLOAD_BYTES + 1)
    else:
        data = stream.read(MAX_PAYLOAD_BYTES + 1)
        try:
            # Too long whatever it holds (the cut may split a letter): the parser says so.
            payload = data.decode("utf-8", "replace" if len(data) > MAX_PAYLOAD_BYTES else "strict")
        except UnicodeDecodeError as exc:
            print(
                f"not a citizen ID card QR code: the input is not UTF-8 text "
                f"(byte {exc.start}); give the payload as UTF-8",
                file=sys.stderr,
            )
            return EXIT_REJECTED
    result = parse_cccd_qr(payload)
    if isinstance(result, QrRejection):
        print(f"not a citizen ID card QR code: {result.reason}", file=sys.stderr)
        return EXIT_REJECTED
    print(json.dumps(result.to_json(), ensure_ascii=False))
    return 0


def scan_images(files: list[Path]) -> int:
    """One JSON line per file: the card it shows, or why not. Exit 2 if any file failed."""
    scanner = QrScanner()
    failures = 0
    for path in files:
        outcome = scan_image(scanner, path)
        failures += not outcome["ok"]
        print(json.dumps(outcome, ensure_ascii=False))
    return EXIT_REJECTED if failures else 0


def scan_image(scanner: QrScanner, path: Path) -> dict[str, Any]:
    """What the kiosk's camera pipeline makes of one picture."""
    frame = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if frame is None:
        return {"file": str(path), "ok": False, "reason": "not a readable image file"}
    payloads = scanner.decode(frame)
    if not payloads:
        return {"file": str(path), "ok": False, "reason": "no QR code found"}
    reasons = []
    for payload in payloads:
        result = parse_cccd_qr(payload)
        if isinstance(result, CitizenIdentity):
            return {"file": str(path), "ok": True, "id": result.to_json()}
        reasons.append(result.reason)
    return {"file": str(path), "ok": False, "reason": "; ".join(reasons)}


def printer_status(settings: Settings, mode: Mode, data_dir: Path) -> int:
    """Ask the configured printer how it is; exit 1 unless it can print."""
    status = build_printer(settings, mode, data_dir).status()
    print(json.dumps({"state": status.state.value, "detail": status.detail}))
    return 0 if status.state.can_print else 1


def test_page(settings: Settings, mode: Mode, data_dir: Path, png: Path | None) -> int:
    """Print the test page (edges, every Vietnamese letter, a QR code, a cut), or draw it."""
    width = settings.printer.width_dots
    blocks = layout_test_page(width, FONT_DIR, datetime.now(HANOI_TIME), settings.kiosk.id)
    if png is not None:
        render_blocks(blocks, width).save(png)
        print(png)
        return 0
    result = build_printer(settings, mode, data_dir).print_blocks(blocks)
    print(
        json.dumps(
            {
                "printed": result.printed,
                "state": result.status.state.value,
                "detail": result.status.detail,
            }
        )
    )
    return 0 if result.printed else 1
