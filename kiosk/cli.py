"""The ``kiosk`` command: run the kiosk, run it in demo mode, or tour its screens."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from kiosk import technician
from kiosk.settings import PROJECT_ROOT, SettingsError, load_settings
from sync import commands as sync_commands

DEFAULT_DEMO_DIR = PROJECT_ROOT / ".demo"
DEFAULT_TOUR_DIR = PROJECT_ROOT / "tour"


def has_display() -> bool:
    """Whether a window can be shown here (X11, Wayland, or a platform chosen by hand)."""
    return any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kiosk`` command."""
    parser = argparse.ArgumentParser(prog="kiosk", description=__doc__)
    parser.add_argument("--config", type=Path, help="site configuration file (TOML)")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run with the real devices named in the configuration")
    run.add_argument("--data-dir", type=Path, default=Path("/var/lib/kiosk"))
    demo = sub.add_parser("demo", help="run with simulated devices and a local portal")
    demo.add_argument("--data-dir", type=Path, default=DEFAULT_DEMO_DIR)
    tour = sub.add_parser("tour", help="walk every screen headless and save pictures")
    tour.add_argument("out_dir", type=Path, nargs="?", default=DEFAULT_TOUR_DIR)
    tour.add_argument("--data-dir", type=Path, default=None)
    technician.add_commands(sub)
    sync_commands.add_commands(sub)
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        settings = load_settings(args.config)
    except SettingsError as exc:
        print(f"kiosk: configuration error: {exc}", file=sys.stderr)
        return 2

    done = technician.run_command(args, settings)
    if done is None:
        done = sync_commands.run_command(args, settings)
    if done is not None:
        return done

    from kiosk.app import Mode, build_app, run_gui

    if args.command == "demo" and not has_display():
        print(
            f"No display here: walking the screens headless instead; pictures in {DEFAULT_TOUR_DIR}"
        )
        args.command, args.out_dir = "tour", DEFAULT_TOUR_DIR
    if args.command == "tour":
        import tempfile

        with tempfile.TemporaryDirectory(prefix="kiosk-tour-") as tmp:
            app = build_app(settings, "demo", args.data_dir or Path(tmp))
            return run_gui(app, headless=True, tour_dir=args.out_dir)
    mode: Mode = "demo" if args.command == "demo" else "run"
    app = build_app(settings, mode, args.data_dir)
    return run_gui(app, headless=False)


if __name__ == "__main__":
    sys.exit(main())
