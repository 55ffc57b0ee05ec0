"""The self-test's values: a check's status, its JSON, the worst of several, and passing."""

from __future__ import annotations

import json

import pytest

from kiosk.selftest import CHECK_NAMES, Check, CheckStatus, passed, summary

OK = Check("disk", CheckStatus.OK, "20.0 GiB free of 32.0 GiB (62%) in /var/lib/kiosk")
WARN = Check(
    "clock", CheckStatus.WARNING, "not synchronised (NTP)", "sudo timedatectl set-ntp true"
)
FAIL = Check("printer", CheckStatus.FAILED, "out of paper", "load a new roll (80 mm)")


def test_the_statuses_are_the_words_the_json_carries() -> None:
    assert [s.value for s in CheckStatus] == ["ok", "warning", "failed"]


def test_a_check_as_json_has_the_agreed_keys() -> None:
    assert FAIL.to_json() == {
        "name": "printer",
        "status": "failed",
        "detail": "out of paper",
        "action": "load a new roll (80 mm)",
    }
    assert json.loads(json.dumps(OK.to_json()))["action"] == ""


@pytest.mark.parametrize(
    ("checks", "worst"),
    [
        ([], CheckStatus.OK),
        ([OK], CheckStatus.OK),
        ([OK, WARN], CheckStatus.WARNING),
        ([WARN, FAIL, OK], CheckStatus.FAILED),
        ([FAIL, WARN], CheckStatus.FAILED),
    ],
)
def test_the_summary_is_the_worst_status(checks: list[Check], worst: CheckStatus) -> None:
    assert summary(checks) is worst


def test_warnings_pass_and_a_failure_does_not() -> None:
    assert passed([])
    assert passed([OK, WARN])
    assert not passed([OK, WARN, FAIL])
    assert passed(iter([OK]))  # any iterable


def test_the_check_names_are_stable_lower_case_and_unique() -> None:
    assert set(CHECK_NAMES) == {
        "card_reader",
        "camera",
        "printer",
        "portal",
        "clock",
        "disk",
        "outbox",
        "fonts",
        "translations",
        "version",
    }
    assert len(CHECK_NAMES) == len(set(CHECK_NAMES))
    assert all(name == name.lower() and " " not in name for name in CHECK_NAMES)
