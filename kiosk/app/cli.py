"""The ``kiosk`` command: run the kiosk, run it in demo mode, or tour its screens."""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from kiosk.app.parts import DEFAULT_DATA_DIR, DEFAULT_DEMO_DIR
from kiosk.paths import PROJECT_ROOT

if TYPE_CHECKING:
    from kiosk.app.wiring import KioskApp
    from kiosk.settings import Settings
    from ui.tour import TourLook

DEFAULT_TOUR_DIR = PROJECT_ROOT / "tour"
SCREEN_COMMANDS = ("run", "demo")
"""The commands that put the kiosk on screen: they load no other command's module, and
start in two stages (:mod:`kiosk.app.start_up`)."""


class CommandGroup(Protocol):
    """A module of commands: it adds them to the parser and runs them."""

    def add_commands(self, subparsers: Any) -> None:
        """Register the commands on what ``ArgumentParser.add_subparsers()`` returned."""

    def run_command(self, args: argparse.Namespace, settings: Settings) -> int | None:
        """The exit status of the command in ``args``; None when it is not one of these."""


COMMAND_MODULES = (
    "technician_commands",
    "document_commands",
    "payment_commands",
    "outbox_commands",
    "portal_commands",
    "health_commands",
    "fleet_commands",
    "metrics_commands",
    "selftest_commands",
    "provision_commands",
)
"""The modules of ``kiosk.app`` holding the technicians' and operators' commands, in the
order of ``kiosk --help``: loaded only when one of them may be asked for (they bring the
outbox, the portal client and the devices with them)."""


def command_groups() -> tuple[CommandGroup, ...]:
    """Every command module, loaded."""
    return tuple(
        cast("CommandGroup", importlib.import_module(f"kiosk.app.{name}"))
        for name in COMMAND_MODULES
    )


def has_display() -> bool:
    """Whether a window can be shown here (X11, Wayland, or a platform chosen by hand)."""
    return any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def build_parser(*, screens_only: bool = False) -> argparse.ArgumentParser:
    """The ``kiosk`` command line, every command on it (``screens_only``: ``run`` and
    ``demo`` alone, without loading the other commands' modules)."""
    parser = argparse.ArgumentParser(prog="kiosk", description=__doc__)
    parser.add_argument("--config", type=Path, help="site configuration file (TOML)")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run with the real devices named in the configuration")
    run.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    demo = sub.add_parser("demo", help="run with simulated devices and a local portal")
    demo.add_argument("--data-dir", type=Path, default=DEFAULT_DEMO_DIR)
    if screens_only:
        return parser
    tour = sub.add_parser("tour", help="walk every screen headless and save pictures")
    tour.add_argument("out_dir", type=Path, nargs="?", default=DEFAULT_TOUR_DIR)
    tour.add_argument("--data-dir", type=Path, default=None)
    tour.add_argument("--lang", choices=("vi", "en"), default="vi", help="the screens' language")
    tour.add_argument(
        "--text-size",
        choices=("normal", "large", "largest"),
        default="normal",
        help="the resident's text size, chosen on the home screen",
    )
    tour.add_argument("--theme", choices=("standard", "high-contrast"), default="standard")
    tour.add_argument(
        "--measure",
        action="store_true",
        help="instead: a first-time resident of this building for every procedure, counting "
        "screens, taps and typed characters (OUT_DIR/journeys.md and .json)",
    )
    tour.add_argument(
        "--only", action="append", default=[], metavar="CODE", help="with --measure: this one"
    )
    for commands in command_groups():
        commands.add_commands(sub)
    return parser


def run_command(args: argparse.Namespace, settings: Settings) -> int | None:
    """Run a technician's or operator's command; None for the commands that show the
    screens (``run``, ``demo``, ``tour``)."""
    for commands in command_groups():
        done = commands.run_command(args, settings)
        if done is not None:
            return done
    return None


def screen_command(argv: list[str]) -> str | None:
    """``run`` or ``demo`` when that is the command asked for and it will show a window
    (not ``--help``, not the demo's headless tour); None otherwise."""
    first = argparse.ArgumentParser(add_help=False)
    first.add_argument("--config", type=Path)
    first.add_argument("command", nargs="?")
    known, _ = first.parse_known_args(argv)
    if known.command not in SCREEN_COMMANDS or {"-h", "--help"} & set(argv):
        return None
    if known.command == "demo" and not has_display():
        return None
    return str(known.command)


def _logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kiosk`` command."""
    arguments = sys.argv[1:] if argv is None else argv
    if screen_command(arguments) is not None:
        # The kiosk collects garbage on its GUI thread only (ui/gui_thread_gc.py); turned
        # off from here, not from the Qt application on, the start-up's imports pay for no
        # collection over their thousands of new objects (about 35 ms of the first frame).
        gc.disable()
        # The home screen first, validated settings and the back-end after its first frame.
        from kiosk.app.start_up import run_staged

        args = build_parser(screens_only=True).parse_args(arguments)
        _logging()
        return run_staged(args.command, args.data_dir, site_file=args.config, environ=os.environ)

    from kiosk.settings import SettingsError, load_settings

    args = build_parser().parse_args(arguments)
    _logging()
    environ = dict(os.environ)
    site = args.config or (Path(environ["KIOSK_CONFIG"]) if environ.get("KIOSK_CONFIG") else None)
    if args.command == "provision" and site is not None and not site.exists():
        # Provisioning writes the site file: before its first run there is none to read.
        site = None
        environ.pop("KIOSK_CONFIG", None)
    try:
        settings = load_settings(site, environ)
    except SettingsError as exc:
        print(f"kiosk: configuration error: {exc}", file=sys.stderr)
        return 2

    done = run_command(args, settings)
    if done is not None:
        return done

    # The wiring (devices, the outbox, Qt later) loads only for the commands that run it.
    from kiosk.app.on_screen import run_gui
    from kiosk.app.parts import Mode
    from kiosk.app.wiring import build_app

    if args.command == "demo" and not has_display():
        print(
            f"No display here: walking the screens headless instead; pictures in {DEFAULT_TOUR_DIR}"
        )
        args.command, args.out_dir = "tour", DEFAULT_TOUR_DIR
    if args.command == "tour":
        import tempfile

        look = _tour_look(args)
        with tempfile.TemporaryDirectory(prefix="kiosk-tour-") as tmp:
            app = build_app(settings, "demo", args.data_dir or Path(tmp))
            if getattr(args, "measure", False):
                return _measure(app, args.out_dir, tuple(args.only))
            return run_gui(app, headless=True, tour_dir=args.out_dir, look=look)
    mode: Mode = "demo" if args.command == "demo" else "run"
    app = build_app(settings, mode, args.data_dir)
    return run_gui(app, headless=False)


def _measure(app: KioskApp, out_dir: Path, only: tuple[str, ...]) -> int:
    """``kiosk tour --measure``: walk the scripted residents on the demo kiosk, print the
    table, write it to ``out_dir``; 1 when a journey misses its target."""
    from kiosk.app.on_screen import put_on_screen
    from ui.driver import ScreenDriver
    from ui.journeys import Walker, missed_targets, walk_all, write

    screen = put_on_screen(app, headless=True)
    try:
        walker = Walker(ScreenDriver(screen.window.window), screen.bridge)
        journeys = walk_all(walker, only=only)
        md, js = write(journeys, out_dir, screen.bridge.session.clock().date())
    finally:
        screen.close()
    print(md.read_text(encoding="utf-8"))
    print(js)
    missed = missed_targets(journeys)
    for miss in missed:
        print(f"target missed: {miss}", file=sys.stderr)
    return 1 if missed else 0


def _tour_look(args: argparse.Namespace) -> TourLook:
    """The tour's language, text size and contrast, from ``kiosk tour``'s options (``kiosk
    demo`` without a display: the defaults)."""
    from kiosk.display import Contrast, TextSize
    from ui.tour import TourLook

    return TourLook(
        getattr(args, "lang", "vi"),
        TextSize(getattr(args, "text_size", "normal")),
        Contrast(getattr(args, "theme", "standard")),
    )


if __name__ == "__main__":
    sys.exit(main())
