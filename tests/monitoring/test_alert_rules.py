"""The fleet's alert rules (deploy/monitoring/rules/kiosk-alerts.yml): promtool finds them valid
and their unit tests pass; the unit tests catch a wrong rule; every alert carries what routing
and the operator need, has a runbook section, and is tested both firing and quiet."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MONITORING = ROOT / "deploy" / "monitoring"
RULES = MONITORING / "rules" / "kiosk-alerts.yml"
RULE_TESTS = MONITORING / "rules" / "kiosk-alerts.test.yml"
README = MONITORING / "README.md"
PROMTOOL = Path("/usr/bin/promtool")

ALERTS = (
    "KioskSilent",
    "KioskPrinterOutOfPaper",
    "KioskPrinterPaperLow",
    "KioskPrinterCoverOpen",
    "KioskPrinterOffline",
    "KioskQueueNotDraining",
    "KioskSyncFailing",
    "KioskPermanentFailures",
    "KioskOutboxUnavailable",
    "KioskDiskNearlyFull",
    "KioskDiskFull",
    "KioskClockSkew",
    "KioskCardReaderMissing",
    "KioskCameraNoFrames",
    "KioskVersionOld",
    "KioskAbandonedSessionsSpike",
)
"""The alert names other parts of the project (the fleet's integration test) rely on."""

SEVERITIES = {"critical", "warning", "info"}
AUDIENCES = {"on_call", "building_manager", "operators"}
COMPONENTS = {"device", "connectivity", "outbox", "sync", "host", "software", "usage"}
WHERE = ("kiosk", "ward", "building")
"""The labels every alert keeps from its series: which kiosk, in which ward and building."""


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def alert_rules() -> dict[str, dict[str, Any]]:
    """Every alerting rule of the rules file, by alert name."""
    rules: dict[str, dict[str, Any]] = {}
    for group in load(RULES)["groups"]:
        for rule in group["rules"]:
            if "alert" in rule:
                assert rule["alert"] not in rules, f"{rule['alert']} is defined twice"
                rules[rule["alert"]] = rule
    return rules


def promtool(*args: str | Path, cwd: Path = MONITORING) -> subprocess.CompletedProcess[str]:
    assert PROMTOOL.exists(), f"{PROMTOOL} is not installed (Debian package prometheus)"
    return subprocess.run(
        [str(PROMTOOL), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def output(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit status {done.returncode}\n{done.stdout}\n{done.stderr}"


def github_anchor(heading: str) -> str:
    """The anchor GitHub (and most Markdown renderers) give a heading: ``KioskSilent`` ->
    ``kiosksilent``."""
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return slug.replace(" ", "-")


def readme_anchors() -> set[str]:
    headings = re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", README.read_text(encoding="utf-8"), re.M)
    return {github_anchor(h) for h in headings}


# ------------------------------------------------------------------------------- promtool


def test_promtool_finds_the_rules_valid() -> None:
    done = promtool("check", "rules", RULES)
    assert done.returncode == 0, output(done)
    assert f"SUCCESS: {len(ALERTS)} rules found" in done.stdout, output(done)


def test_the_rules_pass_their_unit_tests() -> None:
    done = promtool("test", "rules", RULE_TESTS, cwd=RULE_TESTS.parent)
    assert done.returncode == 0, output(done)
    assert "SUCCESS" in done.stdout, output(done)


MUTATIONS = [
    pytest.param(
        # Only a range vector for "now": a scraped kiosk's stale markers would go unnoticed
        # for 5 minutes.
        "unless on (kiosk)\n          kiosk_start_time_seconds\n",
        "unless on (kiosk)\n          max_over_time(kiosk_start_time_seconds[5m])\n",
        "KioskSilent",
        id="silent-ignores-stale-markers",
    ),
    pytest.param(
        "kiosk_sync_errors_total[15m])) > 0\n",
        "kiosk_sync_errors_total[15m])) >= 0\n",
        "KioskSyncFailing",
        id="sync-fails-without-errors",
    ),
    pytest.param("> 0.5\n", ">= 0.5\n", "KioskAbandonedSessionsSpike", id="half-abandoned-fires"),
    pytest.param(
        "kiosk_data_disk_size_bytes < 0.10\n",
        "kiosk_data_disk_size_bytes <= 0.10\n",
        "KioskDiskNearlyFull",
        id="ten-percent-free-fires",
    ),
    pytest.param("abs(kiosk_clock_skew_seconds)", "kiosk_clock_skew_seconds", "KioskClockSkew"),
    pytest.param(
        '{kiosk_card_reader_state=~"no_reader|service_down"}',
        '{kiosk_card_reader_state="no_reader"}',
        "KioskCardReaderMissing",
        id="reader-service-down-missed",
    ),
]


@pytest.mark.parametrize(("old", "new", "alert"), MUTATIONS)
def test_the_unit_tests_catch_a_wrong_rule(tmp_path: Path, old: str, new: str, alert: str) -> None:
    """The unit tests are worth having: a plausible mistake in a rule makes them fail, on the
    alert it was made in."""
    text = RULES.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the mutation's text {old!r} is not in the rules once"
    (tmp_path / RULES.name).write_text(text.replace(old, new), encoding="utf-8")
    (tmp_path / RULE_TESTS.name).write_text(RULE_TESTS.read_text(encoding="utf-8"), "utf-8")
    assert promtool("check", "rules", RULES.name, cwd=tmp_path).returncode == 0
    done = promtool("test", "rules", RULE_TESTS.name, cwd=tmp_path)
    assert done.returncode != 0, f"the unit tests pass with {new!r} for {old!r}"
    assert f"alertname: {alert}," in done.stdout + done.stderr, output(done)


# ------------------------------------------------------------------------------- the rules


def test_the_alerts_are_the_agreed_ones() -> None:
    assert sorted(alert_rules()) == sorted(ALERTS)


@pytest.mark.parametrize("name", ALERTS)
def test_every_alert_carries_its_routing_labels_and_annotations(name: str) -> None:
    rule = alert_rules()[name]
    labels, annotations = rule["labels"], rule["annotations"]
    assert labels["severity"] in SEVERITIES
    assert labels["audience"] in AUDIENCES
    assert labels["component"] in COMPONENTS
    assert set(annotations) == {"summary", "description", "runbook_url"}
    for where in WHERE:
        assert f"{{{{ $labels.{where} }}}}" in annotations["summary"], where
    assert annotations["description"].strip()


@pytest.mark.parametrize("name", ALERTS)
def test_every_alert_has_a_runbook_section(name: str) -> None:
    url = alert_rules()[name]["annotations"]["runbook_url"]
    page, _, anchor = url.partition("#")
    assert page == "deploy/monitoring/README.md"
    assert anchor == name.lower()
    assert anchor in readme_anchors(), f"README.md has no heading for #{anchor}"


def test_the_device_alerts_are_the_printer_reader_and_camera() -> None:
    """Alertmanager holds back `component: device` alerts while the kiosk is silent."""
    devices = {n for n, r in alert_rules().items() if r["labels"]["component"] == "device"}
    assert devices == {n for n in ALERTS if n.startswith(("KioskPrinter", "KioskCard", "KioskCam"))}


def test_every_for_is_on_a_line_of_its_own_and_can_be_shortened(tmp_path: Path) -> None:
    """The fleet's integration test rewrites each ``for:`` with ``for: \\d+[smh]``."""
    text = RULES.read_text(encoding="utf-8")
    fors = re.findall(r"^ *for: .*$", text, re.M)
    assert len(fors) == len(ALERTS)
    assert all(re.fullmatch(r" +for: \d+[mh]", line) for line in fors), fors
    short = tmp_path / RULES.name
    short.write_text(re.sub(r"for: \d+[smh]", "for: 5s", text), encoding="utf-8")
    assert promtool("check", "rules", short).returncode == 0
    rules = [r for g in load(short)["groups"] for r in g["rules"]]
    assert {r["for"] for r in rules} == {"5s"}


# ------------------------------------------------------------------------------- the unit tests


def rule_tests() -> list[dict[str, Any]]:
    """Every alert test case of the unit tests."""
    return [case for group in load(RULE_TESTS)["tests"] for case in group["alert_rule_test"]]


@pytest.mark.parametrize("name", ALERTS)
def test_every_alert_is_tested_firing_and_quiet(name: str) -> None:
    cases = [case for case in rule_tests() if case["alertname"] == name]
    assert any(case.get("exp_alerts") for case in cases), f"{name} is never tested firing"
    assert any(not case.get("exp_alerts") for case in cases), f"{name} is never tested quiet"


def test_every_expected_alert_names_its_kiosk_and_routing_and_annotations() -> None:
    """The unit tests pin down the labels and annotations of every alert they expect."""
    rules = alert_rules()
    for case in rule_tests():
        rule = rules[case["alertname"]]
        for expected in case.get("exp_alerts") or []:
            labels = expected["exp_labels"]
            where = f"{case['alertname']} at {case['eval_time']}"
            assert all(labels.get(key) for key in WHERE), where
            assert labels["severity"] == rule["labels"]["severity"], where
            assert labels["audience"] == rule["labels"]["audience"], where
            assert set(expected["exp_annotations"]) == {"summary", "description", "runbook_url"}


def kiosk_of(series: str) -> str:
    match = re.search(r'kiosk="([^"]+)"', series)
    assert match, series
    return match.group(1)


def test_every_firing_alert_is_tested_beside_a_healthy_kiosk() -> None:
    """Each test group has kiosks for which nothing fires, so a rule firing for every kiosk
    fails its tests."""
    for group in load(RULE_TESTS)["tests"]:
        kiosks = {kiosk_of(series["series"]) for series in group["input_series"]}
        firing = {
            alert["exp_labels"]["kiosk"]
            for case in group["alert_rule_test"]
            for alert in case.get("exp_alerts") or []
        }
        assert firing, group["name"]
        assert kiosks - firing, f"{group['name']}: no kiosk stays healthy"


# ------------------------------------------------------------------------------- the guide


def test_the_guide_leaves_its_shared_sections_to_their_authors() -> None:
    text = README.read_text(encoding="utf-8")
    for heading in (
        "## Alerts and what to do",
        "## Routing",
        "## Watching a simulated fleet",
        "## The central Prometheus",
    ):
        assert re.search(rf"^{re.escape(heading)}$", text, re.M), heading


def test_the_guides_links_within_itself_lead_to_a_heading() -> None:
    links = re.findall(r"\]\(#([^)]+)\)", README.read_text(encoding="utf-8"))
    assert links
    assert set(links) <= readme_anchors(), set(links) - readme_anchors()
