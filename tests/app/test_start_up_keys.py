"""The keys the home screen starts with, read with tomllib before the first frame
(:mod:`kiosk.app.screen_keys`), are those the validated settings give afterwards, from the
same sources: the defaults, the site file, ``KIOSK_…`` variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.app.screen_keys import ScreenKeys, read_screen_keys
from kiosk.settings import DEFAULT_CONFIG, load_settings

SITE = """
[kiosk]
id = "HN-KIOSK-000777"
building_vi = "Tòa nhà B, Phường Láng"
hotline = "1900 1234"

[ui]
language = "en"
idle_countdown_s = 45
"""


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"KIOSK_UI__WIDTH": "800", "KIOSK_UI__HEIGHT": "1280", "KIOSK_UI__FULLSCREEN": "false"},
        {"KIOSK_UI__IDLE_WARNING_AFTER_S": "120.5", "KIOSK_KIOSK__HOTLINE": "1022"},
        {"KIOSK_PORTAL__CREDENTIAL_PATH": "/etc/kiosk/credential.json"},
        {"KIOSK_KIOSK__BUILDING_CONTACT": "Bảo vệ sảnh A: 0912 000 111"},
    ],
)
def test_the_keys_read_before_the_first_frame_are_the_validated_ones(
    tmp_path: Path, environ: dict[str, str]
) -> None:
    site = tmp_path / "site.toml"
    site.write_text(SITE, encoding="utf-8")

    read = read_screen_keys(DEFAULT_CONFIG, site, environ)

    assert read == ScreenKeys.of_settings(load_settings(site, environ))
    assert read.kiosk_id == "HN-KIOSK-000777"


def test_the_site_file_named_by_kiosk_config_is_read(tmp_path: Path) -> None:
    site = tmp_path / "site.toml"
    site.write_text(SITE, encoding="utf-8")
    environ = {"KIOSK_CONFIG": str(site)}

    read = read_screen_keys(DEFAULT_CONFIG, None, environ)

    assert read.language == "en"
    assert read == ScreenKeys.of_settings(load_settings(None, environ))


def test_an_unreadable_value_is_the_default_and_left_to_the_validation(tmp_path: Path) -> None:
    defaults = read_screen_keys(DEFAULT_CONFIG, None, {})
    broken = tmp_path / "broken.toml"
    broken.write_text("[ui\nwidth = ", encoding="utf-8")

    assert read_screen_keys(DEFAULT_CONFIG, broken, {"KIOSK_UI__WIDTH": "wide"}) == defaults
