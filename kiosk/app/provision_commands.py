"""(being written) `kiosk provision`."""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.settings import Settings


def add_commands(sub: Any) -> None:
    """Register the commands (none yet)."""


def run_command(args: argparse.Namespace, settings: Settings) -> int | None:
    """None: not one of these commands."""
    return None
