"""The walls between the rooms hold: each import contract in pyproject.toml breaks when an
import it forbids is planted in a copy of the tree, and holds on the copy as it is."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.settings import PROJECT_ROOT

PACKAGES = ("kiosk", "hardware", "sync", "ui")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _copy_of_the_tree(into: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            PROJECT_ROOT / package,
            into / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.qml", "*.png", "*.qm", "*.ts"),
        )
    shutil.copy(PROJECT_ROOT / "pyproject.toml", into / "pyproject.toml")
    return into


def _lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    # The copy shadows the installed project: PYTHONPATH comes before the editable install.
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", "pyproject.toml"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy_of_the_tree(tmp_path_factory.mktemp("tree"))


def test_the_copied_tree_keeps_every_contract(pristine: Path) -> None:
    done = _lint_imports(pristine)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


SCREENS = "the screens know the core only"
CORE = "the core knows no screen"
SIMULATORS = "product code imports no simulator"
APART = "devices and sync are independent"
NO_SCREEN = "devices and sync know no screen"
OTHER_SIDE = "the portal simulator plays the other side"
METRICS = "one module names the operator's metrics"

PLANTS = [
    # (where, what is planted there, the contract it breaks)
    ("ui/lookup_view.py", "import sync.outbox", SCREENS),
    ("ui/camera_view.py", "import hardware.qr_scanner", SCREENS),
    ("ui/lookup_view.py", "import sqlalchemy", SCREENS),
    ("ui/lookup_view.py", "import httpx", SCREENS),
    ("ui/lookup_view.py", "import smartcard", SCREENS),
    ("kiosk/session.py", "import sqlalchemy", CORE),
    ("kiosk/receipt.py", "import PySide6.QtCore", CORE),
    ("hardware/printer/escpos_printer.py", "import hardware.simulators.printer", SIMULATORS),
    ("sync/worker.py", "import sync.portal_simulator", SIMULATORS),
    ("kiosk/receipt.py", "import hardware.simulators.camera", SIMULATORS),
    ("sync/worker.py", "import hardware.qr_scanner", APART),
    ("hardware/qr_scanner.py", "import PySide6.QtCore", NO_SCREEN),
    ("sync/portal_simulator/store.py", "import sync.outbox", OTHER_SIDE),
    ("sync/worker.py", "import prometheus_client", METRICS),
    ("kiosk/app/health_commands.py", "import prometheus_client", METRICS),
]


@pytest.mark.parametrize(("module", "planted", "contract"), PLANTS)
def test_a_planted_import_breaks_its_contract(
    tmp_path: Path, module: str, planted: str, contract: str
) -> None:
    tree = _copy_of_the_tree(tmp_path)
    target = tree / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{planted}  # planted\n")

    done = _lint_imports(tree)

    assert done.returncode != 0
    broken = done.stdout.split("Broken contracts", 1)[-1]
    assert contract in " ".join(broken.split()), done.stdout
    importer = module.removesuffix(".py").replace("/", ".")
    imported = planted.removeprefix("import ")
    if imported.split(".")[0] not in PACKAGES:
        imported = imported.split(".")[0]  # an outside package is named by its top level
    assert f"{importer} -> {imported} (l." in done.stdout
