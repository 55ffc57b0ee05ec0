"""The operators' Grafana dashboard (deploy/monitoring/grafana/dashboards/kiosk-fleet.json) and
its provisioning files. Grafana is not packaged for Debian, so the dashboard's JSON model is
checked here, and every panel's query runs against the real Prometheus scraping a simulated
fleet with one fault of each kind: a query that answers nothing is a broken panel."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from itertools import combinations
from typing import Any

import httpx
import pytest
import yaml

from tests.monitoring.stack import (
    MONITORING,
    FleetSim,
    Prometheus,
    rules_for_test,
    server_config,
    wait_until,
)

GRAFANA = MONITORING / "grafana"
DASHBOARD_FILE = GRAFANA / "dashboards" / "kiosk-fleet.json"
DASHBOARD_PROVIDER = GRAFANA / "provisioning" / "dashboards" / "kiosk.yml"
DATASOURCE_FILE = GRAFANA / "provisioning" / "datasources" / "prometheus.yml"

DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
PANEL_TYPES = {
    "row",
    "stat",
    "gauge",
    "bargauge",
    "table",
    "timeseries",
    "barchart",
    "piechart",
    "state-timeline",
    "status-history",
    "text",
}
GRID_COLUMNS = 24
GRAFANA_BUILTINS = {
    "__range": "1m",
    "__range_s": "60",
    "__rate_interval": "10s",
    "__interval": "5s",
}
"""Grafana's own variables in queries, as a short test stands them in (a 1-minute range,
scraped every second)."""
LINK_BUILTINS = re.compile(r"__url_time_range|__data\.fields\.\w+|__field\.labels\.\w+")
"""The data-link variables a link URL may use besides the dashboard's."""
VARIABLE = re.compile(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]")
"""A Grafana variable reference: ``${name}``, ``${name:format}``, ``$name`` or ``[[name]]``."""
VARIABLE_ANYWHERE = re.compile(r"\$\{([\w.]+)(?::\w+)?\}|\$([\w]+)|\[\[(\w+)\]\]")

KIOSKS = 20
SILENT_AFTER_S = 8
FAULTS = {
    "SIM-0003": "paper_out",
    "SIM-0005": "printer_offline",
    "SIM-0007": "queue_stuck",
    "SIM-0009": "sync_failing",
    "SIM-0011": "disk_full",
    "SIM-0013": "clock_skew",
    "SIM-0015": "old_version",
    "SIM-0017": "reader_missing",
    "SIM-0019": f"silent@{SILENT_AFTER_S}",
}
SILENT = "SIM-0019"
EXPECTED_ALERTS = {
    ("KioskPrinterOutOfPaper", "SIM-0003"),
    ("KioskPrinterOffline", "SIM-0005"),
    ("KioskQueueNotDraining", "SIM-0007"),
    ("KioskSyncFailing", "SIM-0009"),
    ("KioskDiskNearlyFull", "SIM-0011"),
    ("KioskClockSkew", "SIM-0013"),
    ("KioskVersionOld", "SIM-0015"),
    ("KioskCardReaderMissing", "SIM-0017"),
    ("KioskSilent", SILENT),
}
ALL_KIOSKS = {f"SIM-{i:04d}" for i in range(1, KIOSKS + 1)}


# ------------------------------------------------------------------------ the dashboard


def load_dashboard() -> dict[str, Any]:
    return dict(json.loads(DASHBOARD_FILE.read_text(encoding="utf-8")))


def all_panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    """Every panel, rows included, and the panels of collapsed rows."""
    panels: list[dict[str, Any]] = []
    for panel in dashboard.get("panels", []):
        panels.append(panel)
        panels.extend(panel.get("panels", []))
    return panels


def sections(dashboard: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(title of the row it is in, panel) for every panel that is not a row, in order."""
    row = ""
    for panel in dashboard.get("panels", []):
        if panel["type"] == "row":
            row = panel["title"]
            for inner in panel.get("panels", []):
                yield row, inner
        else:
            yield row, panel


def queries(dashboard: dict[str, Any]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(row title, panel, target) for every query of the dashboard."""
    return [
        (row, panel, target)
        for row, panel in sections(dashboard)
        for target in panel.get("targets", [])
    ]


def variables(dashboard: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {v["name"]: v for v in dashboard["templating"]["list"]}


def used_variables(text: str, pattern: re.Pattern[str] = VARIABLE) -> set[str]:
    return {next(g for g in m.groups() if g) for m in pattern.finditer(text)}


def render(expr: str, values: dict[str, str]) -> str:
    """``expr`` with Grafana's variables replaced by ``values`` (and Grafana's own ones);
    an unknown variable is an error."""
    known = GRAFANA_BUILTINS | values

    def value(match: re.Match[str]) -> str:
        name = next(g for g in match.groups() if g)
        if name not in known:
            raise KeyError(f"variable ${name} has no value in {expr!r}")
        return known[name]

    return VARIABLE.sub(value, expr)


def variable_query(variable: dict[str, Any]) -> str:
    query = variable["query"]
    return str(query["query"] if isinstance(query, dict) else query)


DASHBOARD = load_dashboard()
QUERIES = queries(DASHBOARD)


def query_id(row: str, panel: dict[str, Any], target: dict[str, Any]) -> str:
    return f"{row} / {panel['title']} / {target['refId']}"


# ------------------------------------------------------------------------ the JSON model


def test_the_dashboard_is_identified_and_titled() -> None:
    assert DASHBOARD["uid"] == "kiosk-fleet"
    assert DASHBOARD["title"] == "Kiosk fleet"
    assert isinstance(DASHBOARD["schemaVersion"], int) and DASHBOARD["schemaVersion"] >= 36
    assert DASHBOARD.get("description")
    assert DASHBOARD["templating"]["list"] and DASHBOARD["panels"]


def test_panel_ids_are_unique() -> None:
    ids = [p["id"] for p in all_panels(DASHBOARD)]
    assert all(isinstance(i, int) for i in ids), ids
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_every_panel_has_a_known_type_a_title_and_a_place_on_the_grid() -> None:
    for panel in all_panels(DASHBOARD):
        where = f"panel {panel.get('id')} {panel.get('title')!r}"
        assert panel.get("type") in PANEL_TYPES, where
        assert isinstance(panel.get("title"), str) and panel["title"].strip(), where
        grid = panel["gridPos"]
        assert all(isinstance(grid[k], int) for k in ("x", "y", "w", "h")), where
        assert grid["x"] >= 0 and grid["y"] >= 0 and grid["w"] >= 1 and grid["h"] >= 1, where
        assert grid["x"] + grid["w"] <= GRID_COLUMNS, where


def test_panel_titles_are_unique() -> None:
    # An operator tells the panels (and this test finds them) by their titles.
    titles = [p["title"] for p in all_panels(DASHBOARD)]
    assert len(titles) == len(set(titles)), sorted(t for t in titles if titles.count(t) > 1)


def overlap(a: dict[str, int], b: dict[str, int]) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


def test_no_two_panels_overlap() -> None:
    for a, b in combinations(all_panels(DASHBOARD), 2):
        assert not overlap(a["gridPos"], b["gridPos"]), (a["title"], b["title"])


def test_the_overlap_check_sees_an_overlap() -> None:
    assert overlap({"x": 0, "y": 0, "w": 6, "h": 4}, {"x": 5, "y": 3, "w": 6, "h": 4})
    assert not overlap({"x": 0, "y": 0, "w": 6, "h": 4}, {"x": 6, "y": 0, "w": 6, "h": 4})
    assert not overlap({"x": 0, "y": 0, "w": 24, "h": 1}, {"x": 0, "y": 1, "w": 3, "h": 4})


def test_every_panel_says_what_it_shows_and_in_what_unit() -> None:
    for _, panel in sections(DASHBOARD):
        assert panel.get("description", "").strip(), panel["title"]
        assert panel["targets"], panel["title"]
        assert panel["fieldConfig"]["defaults"].get("unit"), panel["title"]
    units = {panel["fieldConfig"]["defaults"]["unit"] for _, panel in sections(DASHBOARD)}
    assert {"s", "percent"} <= units, units
    overridden = json.dumps([p["fieldConfig"]["overrides"] for _, p in sections(DASHBOARD)])
    assert '"bytes"' in overridden or "bytes" in units


def test_every_target_has_an_expression_and_a_ref_id_unique_in_its_panel() -> None:
    for _, panel in sections(DASHBOARD):
        ref_ids = [t.get("refId") for t in panel["targets"]]
        assert all(ref_ids) and len(ref_ids) == len(set(ref_ids)), (panel["title"], ref_ids)
        for target in panel["targets"]:
            assert isinstance(target.get("expr"), str) and target["expr"].strip(), (
                panel["title"],
                target["refId"],
            )


def test_every_panel_and_query_reads_the_datasource_variable() -> None:
    for _, panel in sections(DASHBOARD):
        assert panel["datasource"] == DATASOURCE, panel["title"]
        for target in panel["targets"]:
            assert target["datasource"] == DATASOURCE, (panel["title"], target["refId"])
    for variable in variables(DASHBOARD).values():
        if variable["type"] == "query":
            assert variable["datasource"] == DATASOURCE, variable["name"]


def test_the_template_variables() -> None:
    defined = variables(DASHBOARD)
    assert set(defined) == {"datasource", "ward", "kiosk"}
    source = defined["datasource"]
    assert source["type"] == "datasource" and source["query"] == "prometheus"
    ward = defined["ward"]
    assert ward["type"] == "query"
    assert variable_query(ward) == "label_values(kiosk_build_info, ward)"
    assert ward["multi"] is True and ward["includeAll"] is True
    assert ward.get("allValue") == ".*"
    kiosk = defined["kiosk"]
    assert kiosk["type"] == "query"
    assert variable_query(kiosk) == 'label_values(kiosk_build_info{ward=~"$ward"}, kiosk)'
    assert kiosk["multi"] is False and kiosk["includeAll"] is False


def test_every_variable_used_is_defined() -> None:
    defined = set(variables(DASHBOARD)) | set(GRAFANA_BUILTINS)
    texts = [t["expr"] for _, _, t in QUERIES]
    texts += [p["title"] for p in all_panels(DASHBOARD)]
    texts += [variable_query(v) for v in variables(DASHBOARD).values()]
    for text in texts:
        assert used_variables(text) <= defined, (text, used_variables(text) - defined)


def test_the_multi_value_ward_is_matched_as_a_regular_expression() -> None:
    # Grafana sends a multi-value or All selection as `(a|b)` or `.*`: only `=~` matches it.
    for row, panel, target in QUERIES:
        expr = target["expr"]
        uses = len(re.findall(r"\$\{?ward\b", expr))
        assert uses == expr.count('ward=~"$ward"'), query_id(row, panel, target)
        assert expr.count("$kiosk") == expr.count('kiosk="$kiosk"'), query_id(row, panel, target)


def test_the_overview_follows_the_ward_and_the_drill_down_the_kiosk() -> None:
    rows = [p["title"] for p in DASHBOARD["panels"] if p["type"] == "row"]
    assert rows[0] == "Fleet overview" and rows[1].startswith("Kiosk"), rows
    for row, panel, target in QUERIES:
        if row == "Fleet overview":
            assert "$ward" in target["expr"], query_id(row, panel, target)
        else:
            assert "$kiosk" in target["expr"], query_id(row, panel, target)


def data_links(panel: dict[str, Any]) -> list[dict[str, Any]]:
    config = panel["fieldConfig"]
    links = list(config["defaults"].get("links", []))
    for override in config.get("overrides", []):
        for prop in override["properties"]:
            if prop["id"] == "links":
                links += prop["value"]
    return links


def test_the_fleet_tables_link_to_the_drill_down() -> None:
    defined = set(variables(DASHBOARD))
    to_kiosk = []
    for row, panel in sections(DASHBOARD):
        for link in data_links(panel):
            url = link["url"]
            assert url.startswith("/d/kiosk-fleet/"), url
            unknown = {
                name
                for name in used_variables(url, VARIABLE_ANYWHERE)
                if name not in defined and not LINK_BUILTINS.fullmatch(name)
            }
            assert not unknown, (panel["title"], unknown)
            if "var-kiosk=" in url:
                to_kiosk.append(panel["title"])
            assert row == "Fleet overview", panel["title"]
    assert {"Oldest unsent submissions (top 10 kiosks)", "Firing alerts"} <= set(to_kiosk), to_kiosk


# ------------------------------------------------------------------------ provisioning


def test_the_dashboard_provider_loads_the_json_folder() -> None:
    config = yaml.safe_load(DASHBOARD_PROVIDER.read_text(encoding="utf-8"))
    assert config["apiVersion"] == 1
    (provider,) = config["providers"]
    assert provider["type"] == "file" and provider["name"]
    assert provider["options"]["path"].startswith("/")
    assert provider.get("allowUiUpdates") is False


def test_the_datasource_is_a_prometheus_on_the_default_port() -> None:
    config = yaml.safe_load(DATASOURCE_FILE.read_text(encoding="utf-8"))
    assert config["apiVersion"] == 1
    (source,) = config["datasources"]
    assert source["type"] == variables(DASHBOARD)["datasource"]["query"] == "prometheus"
    assert source["url"] == "http://127.0.0.1:9090"
    assert source["access"] == "proxy" and source["name"]


# ------------------------------------------------------------------------ live queries


@pytest.fixture(scope="module")
def prometheus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prometheus]:
    """Prometheus with the alert rules (``for:`` shortened) scraping 20 simulated kiosks, one
    fault of each kind: every kiosk scraped, the silent one dropped out, the alerts firing."""
    workdir = tmp_path_factory.mktemp("dashboard")
    spec = ",".join(f"{kiosk}:{fault}" for kiosk, fault in FAULTS.items())
    fleet = FleetSim(workdir, KIOSKS, spec)
    server = None
    try:
        config = server_config([rules_for_test(workdir)], [fleet.sd_file])
        server = Prometheus(workdir, config)

        def scraped() -> set[str]:
            return {s["metric"]["kiosk"] for s in server.query("max_over_time(up[1m]) == 1")}

        wait_until("every kiosk scraped once", lambda: scraped() == ALL_KIOSKS, 30)
        wait_until(
            f"{SILENT} to fall silent",
            lambda: not server.query(f'kiosk_start_time_seconds{{kiosk="{SILENT}"}}'),
            30,
        )
        wait_until("the faults' alerts", lambda: server.firing() >= EXPECTED_ALERTS, 60)
        yield server
    finally:
        if server is not None:
            server.stop()
        fleet.stop()


class PromQL:
    """Prometheus's HTTP API over one kept-alive connection (a new client per query, as
    ``Prometheus.api`` makes, costs tens of milliseconds: this test runs hundreds)."""

    def __init__(self, url: str) -> None:
        self.client = httpx.Client(base_url=f"{url}/api/v1", timeout=30)

    def api(self, path: str, **params: str) -> Any:
        answer = self.client.get(path, params=params).json()
        assert answer["status"] == "success", answer
        return answer["data"]

    def query(self, expr: str) -> list[dict[str, Any]]:
        return list(self.api("query", query=expr)["result"])

    def query_range(self, expr: str, seconds: float, step_s: float) -> list[dict[str, Any]]:
        end = time.time()
        data = self.api(
            "query_range",
            query=expr,
            start=f"{end - seconds:.3f}",
            end=f"{end:.3f}",
            step=f"{step_s:g}",
        )
        return list(data["result"])


@pytest.fixture(scope="module")
def promql(prometheus: Prometheus) -> Iterator[PromQL]:
    api = PromQL(prometheus.url)
    yield api
    api.client.close()


def variable_values(promql: PromQL, name: str, values: dict[str, str]) -> list[str]:
    """What Grafana offers for the query variable ``name`` (``label_values(selector, label)``),
    with the variables it depends on set to ``values``."""
    query = render(variable_query(variables(DASHBOARD)[name]), values)
    match = re.fullmatch(r"label_values\((.+),\s*(\w+)\)", query)
    assert match, query
    selector, label = match.groups()
    return list(promql.api(f"label/{label}/values", **{"match[]": selector}))


def is_range_query(panel: dict[str, Any], target: dict[str, Any]) -> bool:
    return panel["type"] == "timeseries" or not target.get("instant", False)


def empty_answers(
    promql: PromQL,
    panel: dict[str, Any],
    target: dict[str, Any],
    values: dict[str, str],
) -> list[str]:
    """The queries Grafana would run for ``target`` (instant; and over the last minute for a
    range query) that answer nothing; a PromQL error fails at once."""
    expr = render(target["expr"], values)
    empty = []
    if not promql.query(expr):
        empty.append(f"instant: {expr}")
    if is_range_query(panel, target) and not promql.query_range(expr, 60, 5):
        empty.append(f"range: {expr}")
    return empty


def ward_selections(promql: PromQL) -> list[str]:
    """What Grafana puts for $ward: All (``.*``), and every ward picked one by one
    (``(a|b|…)``)."""
    wards = variable_values(promql, "ward", {})
    return [".*", "(" + "|".join(wards) + ")"]


def drill_down_kiosks(promql: PromQL) -> list[str]:
    """The kiosk Grafana picks first, and each kiosk with a fault that still reports."""
    first = variable_values(promql, "kiosk", {"ward": ".*"})[0]
    return [first, *sorted(k for k in FAULTS if k != SILENT)]


def test_the_variables_offer_the_fleets_wards_and_kiosks(promql: PromQL) -> None:
    wards = variable_values(promql, "ward", {})
    assert wards and all(re.fullmatch(r"\d{5}", w) for w in wards), wards
    kiosks = variable_values(promql, "kiosk", {"ward": ".*"})
    assert set(kiosks) == ALL_KIOSKS
    in_one_ward = variable_values(promql, "kiosk", {"ward": wards[0]})
    assert in_one_ward and set(in_one_ward) < ALL_KIOSKS, in_one_ward


@pytest.mark.parametrize(
    ("row", "panel", "target"),
    QUERIES,
    ids=[query_id(*q) for q in QUERIES],
)
def test_every_panel_query_answers(
    promql: PromQL, row: str, panel: dict[str, Any], target: dict[str, Any]
) -> None:
    expr = target["expr"]
    wards = ward_selections(promql) if "$ward" in expr else [""]
    kiosks = drill_down_kiosks(promql) if "$kiosk" in expr else [""]
    empty: list[str] = []
    for ward in wards:
        for kiosk in kiosks:
            empty += empty_answers(promql, panel, target, {"ward": ward, "kiosk": kiosk})
    assert not empty, f"{query_id(row, panel, target)} answers nothing:\n" + "\n".join(empty)


def test_the_link_fields_are_in_the_answers(promql: PromQL) -> None:
    # A link to ${__data.fields.kiosk} needs a `kiosk` column: the label in every answer.
    for _, panel in sections(DASHBOARD):
        wanted = set()
        for link in data_links(panel):
            wanted |= set(re.findall(r"__(?:data\.fields|field\.labels)\.(\w+)", link["url"]))
        for target in panel["targets"] if wanted else []:
            for series in promql.query(render(target["expr"], {"ward": ".*"})):
                assert wanted <= set(series["metric"]), (panel["title"], series["metric"])


def test_a_broken_panel_query_is_caught(promql: PromQL) -> None:
    (devices,) = [p for _, p in sections(DASHBOARD) if p["title"] == "Devices"]
    good = devices["targets"][0]
    values = {"ward": ".*", "kiosk": "SIM-0001"}
    assert empty_answers(promql, devices, good, values) == []

    misspelled = dict(good, expr=good["expr"].replace("kiosk_printer_state", "kiosk_printr_state"))
    assert empty_answers(promql, devices, misspelled, values)

    (reporting,) = [p for _, p in sections(DASHBOARD) if p["title"] == "Kiosks reporting"]
    exact_ward = dict(
        reporting["targets"][0], expr='count(kiosk_build_info{ward="$ward"})'
    )  # `=` where a multi-value variable needs `=~`
    assert empty_answers(promql, reporting, exact_ward, values)

    unknown_kiosk = {"ward": ".*", "kiosk": "SIM-9999"}
    assert empty_answers(promql, devices, good, unknown_kiosk)

    # and the test over every panel fails for it
    with pytest.raises(AssertionError, match="kiosk_printr_state"):
        test_every_panel_query_answers(promql, "Kiosk $kiosk", devices, misspelled)


def panel_answer(promql: PromQL, title: str, ref_id: str = "A") -> list[dict[str, Any]]:
    (panel,) = [p for _, p in sections(DASHBOARD) if p["title"] == title]
    (target,) = [t for t in panel["targets"] if t["refId"] == ref_id]
    return promql.query(render(target["expr"], {"ward": ".*"}))


def number(answer: list[dict[str, Any]]) -> float:
    (series,) = answer
    return float(series["value"][1])


OVERVIEW_COUNTS = {
    ("Kiosks reporting", "A"): KIOSKS - 1,
    ("Kiosks silent", "A"): 1,
    ("Receipt printers", "A"): 1,  # out of paper
    ("Receipt printers", "B"): 1,  # offline
    ("Receipt printers", "C"): 0,  # paper low
    ("Queues waiting > 30 min", "A"): 1,
}
"""What the fleet overview's counters show for the simulated fleet's faults."""


def test_the_overview_counts_what_the_faults_cause(promql: PromQL) -> None:
    def counts() -> dict[tuple[str, str], float]:
        return {key: number(panel_answer(promql, *key)) for key in OVERVIEW_COUNTS}

    # (polled: a healthy kiosk's scrape that times out once on a loaded machine makes it
    # "silent" for a second)
    wait_until("the overview's counts", lambda: counts() == OVERVIEW_COUNTS, 20)
    assert number(panel_answer(promql, "Alerts firing")) >= len(EXPECTED_ALERTS)

    by_ward = panel_answer(promql, "Kiosks by ward", "B")
    silent_ward = promql.query(f'last_over_time(kiosk_build_info{{kiosk="{SILENT}"}}[1h])')
    assert [(s["metric"]["ward"], s["value"][1]) for s in by_ward] == [
        (s["metric"]["ward"], "1") for s in silent_ward
    ]
    versions = {
        s["metric"]["version"]: float(s["value"][1])
        for s in panel_answer(promql, "Versions in the fleet")
    }
    assert versions.get("0.0.9") == 1 and sum(versions.values()) == KIOSKS - 1, versions

    oldest = panel_answer(promql, "Oldest unsent submissions (top 10 kiosks)")
    top = max(oldest, key=lambda s: float(s["value"][1]))
    assert top["metric"]["kiosk"] == "SIM-0007" and float(top["value"][1]) > 1800
    disks = panel_answer(promql, "Data disk: least free space")
    assert len(disks) == 10
    least = min(disks, key=lambda s: float(s["value"][1]))
    assert least["metric"]["kiosk"] == "SIM-0011"
    alerts = {
        (s["metric"]["alertname"], s["metric"]["kiosk"])
        for s in panel_answer(promql, "Firing alerts")
    }
    assert alerts >= EXPECTED_ALERTS, EXPECTED_ALERTS - alerts


def test_the_drill_down_shows_each_devices_one_state(promql: PromQL) -> None:
    (devices,) = [p for _, p in sections(DASHBOARD) if p["title"] == "Devices"]

    def states(kiosk: str) -> dict[str, str]:
        shown: dict[str, str] = {}
        for target in devices["targets"]:
            (series,) = promql.query(render(target["expr"], {"kiosk": kiosk}))
            (state_set,) = [k for k in series["metric"] if k.endswith("_state")]
            shown[state_set.removeprefix("kiosk_").removesuffix("_state")] = series["metric"][
                state_set
            ]
        return shown

    healthy = {"printer": "ok", "card_reader": "ready", "camera": "ok"}
    assert states("SIM-0001") == healthy
    assert states("SIM-0003") == healthy | {"printer": "paper_out"}
    assert states("SIM-0005") == healthy | {"printer": "offline"}
    assert states("SIM-0017") == healthy | {"card_reader": "no_reader"}
