"""Configuration: validated once; a bad or missing key names the key and the file."""

from pathlib import Path

import pytest

from kiosk.settings import DEFAULT_CONFIG, SettingsError, load_settings


def test_the_default_configuration_is_valid():
    settings = load_settings(environ={})
    assert settings.printer.width_dots in (384, 576)
    assert settings.ui.width == 1080 and settings.ui.height == 1920


def test_a_bad_value_in_a_site_file_names_the_key_and_the_file(tmp_path: Path):
    site = tmp_path / "site.toml"
    site.write_text("[printer]\nwidth_dots = 500\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(site, environ={})
    assert "printer.width_dots" in str(caught.value)
    assert str(site) in str(caught.value)


def test_an_unknown_key_is_refused_rather_than_ignored(tmp_path: Path):
    site = tmp_path / "site.toml"
    site.write_text("[portal]\nbase_ulr = 'http://127.0.0.1:1'\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"portal\.base_ulr"):
        load_settings(site, environ={})


def test_environment_variables_override_a_key():
    settings = load_settings(environ={"KIOSK_PORTAL__BASE_URL": "http://127.0.0.1:9"})
    assert settings.portal.base_url == "http://127.0.0.1:9"


def test_a_missing_site_file_is_named():
    with pytest.raises(SettingsError, match=r"nowhere\.toml: file not found"):
        load_settings(Path("/nowhere.toml"), environ={})


def test_the_defaults_file_documents_itself_in_the_model():
    from kiosk.settings import PrinterSection

    assert PrinterSection.model_fields["width_dots"].description
    assert DEFAULT_CONFIG.name == "kiosk.toml"


def test_the_metrics_are_on_and_on_loopback_by_default():
    from kiosk.settings import MetricsSection

    settings = load_settings(environ={})
    assert settings.metrics == MetricsSection(enabled=True, host="127.0.0.1", port=9464)
    assert MetricsSection.model_fields["port"].description


@pytest.mark.parametrize("port", ["0", "65536"])
def test_a_metrics_port_out_of_range_is_refused(port: str):
    with pytest.raises(SettingsError, match=r"metrics\.port"):
        load_settings(environ={"KIOSK_METRICS__PORT": port})
