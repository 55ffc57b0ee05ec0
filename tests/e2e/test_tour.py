"""`kiosk tour DIR` walks the screens headless and saves a 1080×1920 picture of each."""

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image


def test_kiosk_tour_saves_a_portrait_picture_of_every_screen_and_the_receipt(tmp_path: Path):
    out = tmp_path / "tour"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    kiosk = Path(sys.executable).with_name("kiosk")
    done = subprocess.run(
        [str(kiosk), "tour", str(out), "--data-dir", str(tmp_path / "data")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    pictures = sorted(out.glob("*.png"))
    names = [p.stem.split("-", 1)[-1] for p in pictures]
    for screen in (
        "home",
        "catalogue",
        "intro",
        "consent",
        "identify",
        "question-stay-address",
        "question-phone-error",
        "review",
        "review-after-change",
        "confirmation",
        "lookup",
        "lookup-mistyped",
        "lookup-found",
    ):
        assert screen in names, f"no picture of {screen}"
    for picture in pictures:
        if picture.stem != "receipt":
            assert Image.open(picture).size == (1080, 1920), picture.name
    assert (out / "receipt.png").exists()
    assert str(out / "01-home.png") in done.stdout
