"""Every visible string of the screens and the on-screen keyboard has an English translation."""

import shutil
import subprocess
import sys
from pathlib import Path

from ui.application import I18N_DIR, KEYBOARD_DIR, QML_DIR


def test_every_qstr_in_the_screens_is_translated_to_english(tmp_path: Path):
    ts = tmp_path / "kiosk_en.ts"
    shutil.copy(I18N_DIR / "kiosk_en.ts", ts)
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    qml = sorted(str(p) for d in (QML_DIR, KEYBOARD_DIR) for p in d.rglob("*.qml"))
    subprocess.run(
        [str(lupdate), *qml, "-no-obsolete", "-ts", str(ts)], check=True, capture_output=True
    )
    text = ts.read_text(encoding="utf-8")
    assert text.count("<source>") > 50
    assert 'type="unfinished"' not in text, "run pyside6-lupdate and translate the new strings"
