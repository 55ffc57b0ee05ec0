"""`kiosk tour DIR --measure` walks a first-time resident of the kiosk's building through a
procedure on the demo kiosk and writes what it cost them (journeys.md and journeys.json)."""

import json
import os
import subprocess
import sys
from pathlib import Path


def test_kiosk_tour_measure_writes_the_journey_of_the_temporary_residence(tmp_path: Path):
    out = tmp_path / "tour"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    kiosk = Path(sys.executable).with_name("kiosk")
    done = subprocess.run(
        [
            *(str(kiosk), "tour", str(out), "--measure", "--only", "dang-ky-tam-tru"),
            *("--data-dir", str(tmp_path / "data")),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    journeys = {j["label"]: j for j in json.loads((out / "journeys.json").read_text("utf-8"))}
    assert set(journeys) == {"Đăng ký tạm trú", "Đăng ký tạm trú (thuê nhà)"}
    living_here = journeys["Đăng ký tạm trú"]
    assert living_here["error"] == ""
    assert living_here["taps_after_card"] <= 12
    assert living_here["typed"] <= 10
    assert living_here["asked_known"] == []
    table = (out / "journeys.md").read_text("utf-8")
    assert "| Đăng ký tạm trú (target ≤ 12 / ≤ 10: met) |" in table
    assert table in done.stdout
