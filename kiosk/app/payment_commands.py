"""``kiosk pay vietqr``: the VietQR payload the screen would show, for technicians and checks::

    kiosk pay vietqr --bin BIN --account ACCOUNT --amount VND --purpose TEXT [--fields | --json]

It prints exactly the payload (one line), which the kiosk draws as a QR code for a fee;
``--fields`` lists its fields for a person, ``--json`` gives the payload and the fields as
one JSON object (``payload``, ``bin``, ``account``, ``amount_vnd``, ``purpose``, ``crc``).
A purpose with Vietnamese marks is written without them, as bank apps expect. Exit status:
0 printed, 2 a value cannot go into a VietQR code (one line on stderr saying which and why).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from kiosk.settings import Settings
from kiosk.vietqr import FIELD_NAMES, Field, Transfer, VietQrError, ascii_text, fields, payload

PRINTED, REFUSED = 0, 2


def add_commands(subparsers: Any) -> None:
    """Register ``pay`` on ``subparsers``."""
    pay = subparsers.add_parser(
        "pay",
        help="payment codes: print the VietQR payload the screen shows",
        description="Payment codes the kiosk shows for fees.",
    )
    kinds = pay.add_subparsers(dest="pay_kind", required=True)
    vietqr = kinds.add_parser(
        "vietqr",
        help="print a VietQR (EMVCo, NAPAS 247) bank-transfer payload",
        description="Print the VietQR payload for a transfer to ACCOUNT at the bank with BIN: "
        "exactly what the kiosk draws as a QR code. Exit status 0 printed, 2 a value cannot "
        "go into a code (stderr says which).",
    )
    vietqr.add_argument("--bin", required=True, metavar="BIN", help="the bank's 6-digit BIN")
    vietqr.add_argument("--account", required=True, metavar="ACCOUNT", help="account number")
    vietqr.add_argument(
        "--amount", type=int, metavar="VND", help="amount in đồng (none: the payer types it)"
    )
    vietqr.add_argument(
        "--purpose", default="", metavar="TEXT", help="purpose, e.g. the tracking code"
    )
    shown = vietqr.add_mutually_exclusive_group()
    shown.add_argument("--fields", action="store_true", help="list the fields, for people")
    shown.add_argument("--json", action="store_true", help="one JSON object, for machines")


def run_command(args: argparse.Namespace, settings: Settings) -> int | None:
    """Run ``kiosk pay vietqr``; None when ``args`` is not it."""
    if getattr(args, "command", None) != "pay":
        return None
    transfer = Transfer(args.bin, args.account, args.amount, ascii_text(args.purpose))
    shown = "json" if args.json else "fields" if args.fields else "payload"
    return print_vietqr(transfer, shown, out=sys.stdout, err=sys.stderr)


def print_vietqr(transfer: Transfer, shown: str, *, out: TextIO, err: TextIO) -> int:
    """Print ``transfer``'s payload to ``out`` as ``shown`` (``payload``, ``fields``,
    ``json``); the exit status."""
    try:
        code = payload(transfer)
    except VietQrError as exc:
        print(f"kiosk pay vietqr: {exc}", file=err)
        return REFUSED
    if shown == "json":
        record = {
            "payload": code,
            "bin": transfer.bank_bin,
            "account": transfer.account,
            "amount_vnd": transfer.amount_vnd,
            "purpose": transfer.purpose,
            "crc": code[-4:],
        }
        print(json.dumps(record, ensure_ascii=False), file=out)
    elif shown == "fields":
        print(code, file=out)
        _print_fields(fields(code), "  ", out)
    else:
        print(code, file=out)
    return PRINTED


def _print_fields(found: tuple[Field, ...], indent: str, out: TextIO) -> None:
    for field in found:
        name = FIELD_NAMES.get(field.tag, "") if indent == "  " else ""
        print(
            f"{indent}{field.tag}  {len(field.value):>2}  {field.value:<40}  {name}".rstrip(),
            file=out,
        )
        _print_fields(field.children, indent + "    ", out)
