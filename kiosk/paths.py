"""Where the kiosk's shipped files are: the checkout's configuration, fonts, procedures and
demo frames. Plain paths, importable before anything heavy (the screens' first frame needs
them; the settings' validation, which needs pydantic, comes after)."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CONFIG_DIR = PROJECT_ROOT / "config"
DEFAULT_CONFIG = CONFIG_DIR / "kiosk.toml"
FONT_DIR = CONFIG_DIR / "fonts"
"""The bundled Noto Sans: the screens, the receipt and the test page are drawn in it."""
PROCEDURES_DIR = CONFIG_DIR / "procedures"
"""The procedures shipped with the kiosk, one TOML file each."""
DEMO_CAMERA_DIR = CONFIG_DIR / "demo" / "camera"
"""The frames the demo's simulated camera shows (an empty scene, then the ID card)."""
