"""``kiosk metrics agent-config``: the configuration of the Prometheus agent that carries this
kiosk's metrics out of the building::

    kiosk metrics agent-config --remote-write URL
        (--bearer-token-file FILE | --client-cert FILE --client-key FILE) [--ca-file FILE]
        [--scrape-interval 15s] [--out FILE] [--data-dir DIR]

Kiosks sit behind the building's NAT, so the city's Prometheus cannot scrape them. On each
kiosk a Prometheus in agent mode (``deploy/systemd/kiosk-metrics-agent.service``) scrapes the
kiosk's own endpoint (``[metrics]``) and ``remote_write``s to the central Prometheus (or
Thanos Receive, Mimir, VictoriaMetrics), adding the labels ``kiosk``, ``ward`` and
``building`` to every series. Exit status: 0 written, 2 a bad argument or configuration.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kiosk.app.health_commands import default_url
from kiosk.app.parts import DEFAULT_DATA_DIR, kiosk_id
from kiosk.network_address import is_secure_url
from kiosk.settings import Settings

OK, BAD_ARGUMENT = 0, 2
DURATION = re.compile(r"^\d+(ms|s|m)$")


@dataclass(frozen=True)
class AgentConfig:
    """What the agent needs to know."""

    kiosk_id: str
    ward: str
    building: str
    metrics_url: str
    """The kiosk's own endpoint, on this machine."""
    remote_write_url: str
    bearer_token_file: Path | None = None
    client_cert: Path | None = None
    client_key: Path | None = None
    ca_file: Path | None = None
    scrape_interval: str = "15s"


def _q(value: object) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(str(value), ensure_ascii=False)


def render(config: AgentConfig) -> str:
    """The agent's ``prometheus.yml``."""
    target = urlsplit(config.metrics_url)
    lines = [
        f"# Prometheus agent of kiosk {config.kiosk_id}: written by `kiosk metrics agent-config`.",
        "# Run: prometheus --enable-feature=agent --config.file=THIS_FILE",
        "#      --storage.agent.path=/var/lib/kiosk/prometheus-agent "
        "--web.listen-address=127.0.0.1:9465",
        "global:",
        f"  scrape_interval: {config.scrape_interval}",
        "  external_labels:",
        f"    kiosk: {_q(config.kiosk_id)}",
        f"    ward: {_q(config.ward)}",
        f"    building: {_q(config.building)}",
        "scrape_configs:",
        "  - job_name: kiosk",
        f"    metrics_path: {_q(target.path or '/metrics')}",
        "    static_configs:",
        f"      - targets: [{_q(target.netloc)}]",
        "remote_write:",
        f"  - url: {_q(config.remote_write_url)}",
    ]
    if config.bearer_token_file is not None:
        lines += [
            "    authorization:",
            f"      credentials_file: {_q(config.bearer_token_file)}",
        ]
    tls = {
        "cert_file": config.client_cert,
        "key_file": config.client_key,
        "ca_file": config.ca_file,
    }
    if any(tls.values()):
        lines.append("    tls_config:")
        lines += [f"      {key}: {_q(path)}" for key, path in tls.items() if path is not None]
    lines += [
        "    queue_config:",
        "      # A kiosk offline for hours catches up without flooding the receiver.",
        "      max_samples_per_send: 2000",
        "      max_shards: 2",
        "      min_backoff: 1s",
        "      max_backoff: 5m",
    ]
    return "\n".join(lines) + "\n"


def add_commands(sub: Any) -> None:
    """Register ``metrics agent-config``."""
    metrics = sub.add_parser("metrics", help="the kiosk's metrics: the agent that sends them")
    actions = metrics.add_subparsers(dest="metrics_command", required=True)
    agent = actions.add_parser(
        "agent-config",
        help="write the Prometheus agent's configuration for this kiosk",
        description=__doc__.split("::")[0].strip() if __doc__ else None,
    )
    agent.add_argument("--remote-write", required=True, metavar="URL")
    agent.add_argument("--bearer-token-file", type=Path, metavar="FILE")
    agent.add_argument("--client-cert", type=Path, metavar="FILE")
    agent.add_argument("--client-key", type=Path, metavar="FILE")
    agent.add_argument("--ca-file", type=Path, metavar="FILE")
    agent.add_argument("--scrape-interval", default="15s", metavar="DURATION")
    agent.add_argument("--out", type=Path, metavar="FILE", help="default: standard output")
    agent.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)


def run_command(args: argparse.Namespace, settings: Settings) -> int | None:
    """Run ``metrics agent-config``; None for other commands."""
    if args.command != "metrics":
        return None
    problem = _problem(args, settings)
    if problem:
        print(f"kiosk metrics agent-config: {problem}", file=sys.stderr)
        return BAD_ARGUMENT
    text = render(
        AgentConfig(
            kiosk_id=kiosk_id(settings, args.data_dir),
            ward=settings.kiosk.ward,
            building=settings.kiosk.building_vi,
            metrics_url=default_url(settings),
            remote_write_url=args.remote_write,
            bearer_token_file=args.bearer_token_file,
            client_cert=args.client_cert,
            client_key=args.client_key,
            ca_file=args.ca_file,
            scrape_interval=args.scrape_interval,
        )
    )
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"Wrote {args.out}; restart the agent: sudo systemctl restart kiosk-metrics-agent")
    return OK


def _problem(args: argparse.Namespace, settings: Settings) -> str | None:
    url = urlsplit(args.remote_write)
    if url.scheme not in ("https", "http") or not url.hostname:
        return f"--remote-write {args.remote_write!r} is not an http(s) URL"
    if not is_secure_url(args.remote_write):
        return "--remote-write must be https (metrics leave the building)"
    has_cert = args.client_cert is not None or args.client_key is not None
    if has_cert and (args.client_cert is None or args.client_key is None):
        return "give both --client-cert and --client-key"
    if args.bearer_token_file is None and not has_cert and url.scheme == "https":
        return "give --bearer-token-file, or --client-cert and --client-key"
    for path in (args.bearer_token_file, args.client_cert, args.client_key, args.ca_file):
        if path is not None and not path.is_file():
            return f"{path}: no such file"
    if not DURATION.match(args.scrape_interval):
        return f"--scrape-interval {args.scrape_interval!r}: write e.g. 15s or 1m"
    if not settings.kiosk.ward:
        return "[kiosk] ward is not set: put the ward's 5-digit code in the site configuration"
    if args.out is not None and not args.out.parent.is_dir():
        return f"--out: the folder {args.out.parent} does not exist"
    return None
