"""The values ``kiosk provision`` takes: each kept in its normal form, or refused with a
message that names the option and says what would be right."""

from __future__ import annotations

import pytest

from kiosk.app.provision_values import (
    BadValueError,
    check_building,
    check_enrolment_code,
    check_portal_url,
    check_ward,
    parse_printer,
)
from kiosk.units import hanoi_units


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://dichvucong.hanoi.gov.vn/kiosk-api/", "https://dichvucong.hanoi.gov.vn/kiosk-api"),
        ("http://127.0.0.1:8700", "http://127.0.0.1:8700"),
        ("http://localhost:8700/", "http://localhost:8700"),
        ("http://[::1]:8700", "http://[::1]:8700"),
    ],
)
def test_a_portal_over_https_or_on_this_machine_is_taken(url: str, kept: str) -> None:
    assert check_portal_url(url) == kept


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://portal.example", "HTTPS"),
        ("http://192.168.1.10:8700", "HTTPS"),
        ("portal.example", "give the portal's address"),
        ("ftp://portal.example", "give the portal's address"),
        ("https://portal.example/?x=1", "no \\?query"),
        ("https://portal.example:port", "port is not a number"),
    ],
)
def test_other_portal_addresses_are_refused(url: str, why: str) -> None:
    with pytest.raises(BadValueError, match=f"--portal .*{why}"):
        check_portal_url(url)


def test_an_enrolment_code_is_taken_in_capitals() -> None:
    assert check_enrolment_code(" 7k3m-q9pd ") == "7K3M-Q9PD"
    with pytest.raises(BadValueError, match=r"--code 'ABCDEFGH': .* copy it again"):
        check_enrolment_code("ABCDEFGH")


def test_the_building_is_one_tidy_line() -> None:
    assert check_building("  Tòa A,\n  Chung cư   Sông Hồng ") == "Tòa A, Chung cư Sông Hồng"


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("A1", "2 characters"),
        ("x" * 121, "121 characters"),
        ("12 34", "not only numbers"),
        ("Tòa\x07 A", "control characters"),
    ],
)
def test_a_building_that_would_not_print_well_is_refused(given: str, why: str) -> None:
    with pytest.raises(BadValueError, match=f"--building.*{why}"):
        check_building(given)


def test_a_ward_is_one_of_hanoi_s_units_by_its_code() -> None:
    units = hanoi_units()
    assert check_ward("00199", units).name == "Phường Láng"
    with pytest.raises(BadValueError, match=r"Did you mean 00199 \(Phường Láng\)"):
        check_ward("Phường Láng", units)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("network:192.168.1.50:9100", ("network", "192.168.1.50:9100")),
        ("network:printer.lobby", ("network", "printer.lobby")),
        ("usb:04b8:0e15", ("usb", "04b8:0e15")),
        ("serial:/dev/ttyUSB0:19200", ("serial", "/dev/ttyUSB0:19200")),
        ("file:/dev/usb/lp0", ("file", "/dev/usb/lp0")),
    ],
)
def test_a_printer_connection_is_split_as_the_settings_keep_it(
    given: str, kept: tuple[str, str]
) -> None:
    assert parse_printer(given) == kept


@pytest.mark.parametrize(
    "given",
    [
        "network",
        "network:",
        "network:host:99999",
        "usb:4b8:e15",
        "serial:ttyUSB0",
        "file:lp0",
        "bluetooth:aa",
    ],
)
def test_other_printer_connections_are_refused_with_the_forms_allowed(given: str) -> None:
    with pytest.raises(BadValueError, match="expected network:HOST"):
        parse_printer(given)
