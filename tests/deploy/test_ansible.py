"""The fleet playbook (deploy/ansible/): Ansible finds it well formed with the example
inventory and vault; ansible-lint passes it at the production profile; the vault is really
encrypted and opens with the example password to one enrolment code per host; the inventory's
wards are Hanoi's; the packages come from deploy/packages/kiosk.txt itself; every file the
playbook copies from the repository is there; and the code and PIN never reach the log."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ANSIBLE = ROOT / "deploy" / "ansible"
PLAYBOOK = ANSIBLE / "playbook.yml"
INVENTORY = ANSIBLE / "inventory.example.yml"
VAULT = ANSIBLE / "group_vars" / "kiosks" / "vault.yml"
VAULT_PASSWORD = ANSIBLE / "vault-password.example"
PACKAGES = ROOT / "deploy" / "packages" / "kiosk.txt"
UNITS = ROOT / "config" / "units" / "hanoi.toml"

REPO = "{{ kiosk_repo_root }}"
SITE_INPUTS = {
    "{{ kiosk_source }}",
    "{{ kiosk_metrics_client_cert }}",
    "{{ kiosk_metrics_client_key }}",
    "{{ kiosk_metrics_ca_file }}",
}
"""What the playbook copies from the site's own files, not from the repository."""
FILEGLOB = re.compile(
    r"\{\{ query\('ansible\.builtin\.fileglob', kiosk_repo_root ~ '([^']+)'\) \}\}"
)
SECRETS = ("kiosk_enrolment_code", "kiosk_technician_pin")


def _ansible(tool: str, *args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run an Ansible tool in deploy/ansible/, writing only under ``tmp_path``."""
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is not installed: apt-get install ansible-core ansible-lint")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env |= {
        "HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "ANSIBLE_HOME": str(tmp_path / "ansible"),
        "ANSIBLE_LOCAL_TEMP": str(tmp_path / "ansible-tmp"),
        "ANSIBLE_NOCOLOR": "1",
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [path, *args], cwd=ANSIBLE, env=env, capture_output=True, text=True, timeout=300
    )


def _play() -> dict[str, Any]:
    plays = yaml.safe_load(PLAYBOOK.read_text(encoding="utf-8"))
    assert isinstance(plays, list) and len(plays) == 1
    play: dict[str, Any] = plays[0]
    return play


def _walk(tasks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for task in tasks:
        yield task
        for part in ("block", "rescue", "always"):
            yield from _walk(task.get(part, []))


def _all_tasks() -> list[dict[str, Any]]:
    play = _play()
    return [*_walk(play["tasks"]), *_walk(play["handlers"])]


def _module(task: dict[str, Any]) -> str:
    (module,) = [key for key in task if key.startswith("ansible.builtin.")] or ["block"]
    return module


def _sources() -> list[str]:
    """Every ``src`` the playbook copies or unpacks, its loops unrolled; a repository path
    starts with ``{{ kiosk_repo_root }}`` (a glob keeps its ``*``)."""
    sources = []
    for task in _all_tasks():
        module = _module(task)
        if module.split(".")[-1] not in ("copy", "template", "unarchive"):
            continue
        src = task[module].get("src")
        if src is None:
            continue  # content written from a variable
        if "item" not in src:
            sources.append(src)
            continue
        loop = task["loop"]
        if isinstance(loop, list):
            for item in loop:
                if isinstance(item, dict):
                    sources.append(src.replace("{{ item.src }}", item["src"]))
                else:
                    sources.append(src.replace("{{ item }}", item))
            continue
        glob = FILEGLOB.fullmatch(loop)
        assert glob and src == "{{ item }}", f"the test cannot unroll {task['name']!r}: {loop}"
        sources.append(REPO + glob.group(1))
    return sources


def _repo_sources() -> list[str]:
    return sorted({s.removeprefix(REPO + "/") for s in _sources() if s.startswith(REPO)})


def _vault(tmp_path: Path) -> dict[str, Any]:
    opened = _ansible(
        "ansible-vault",
        "view",
        "--vault-password-file",
        str(VAULT_PASSWORD),
        str(VAULT),
        tmp_path=tmp_path,
    )
    assert opened.returncode == 0, opened.stderr
    secrets: dict[str, Any] = yaml.safe_load(opened.stdout)
    return secrets


def _hosts() -> dict[str, dict[str, Any]]:
    inventory = yaml.safe_load(INVENTORY.read_text(encoding="utf-8"))
    hosts: dict[str, dict[str, Any]] = inventory["kiosks"]["hosts"]
    return hosts


def test_the_playbook_passes_ansibles_syntax_check(tmp_path: Path) -> None:
    checked = _ansible(
        "ansible-playbook",
        "--syntax-check",
        "-i",
        INVENTORY.name,
        "--vault-password-file",
        VAULT_PASSWORD.name,
        PLAYBOOK.name,
        tmp_path=tmp_path,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_ansible_lint_passes_at_the_production_profile(tmp_path: Path) -> None:
    linted = _ansible(
        "ansible-lint",
        "--offline",
        "--profile",
        "production",
        "--nocolor",
        PLAYBOOK.name,
        "group_vars/kiosks/vars.yml",
        INVENTORY.name,
        tmp_path=tmp_path,
    )
    out = linted.stdout + linted.stderr
    assert linted.returncode == 0, out
    assert "Passed with production profile: 0 failure(s), 0 warning(s)" in out, out
    # Silenced only where a handler cannot do the job (the playbook says why).
    silenced = re.findall(r"# noqa:?\s*(\S+)", PLAYBOOK.read_text(encoding="utf-8"))
    assert set(silenced) <= {"no-handler"}, silenced


def test_the_vault_is_encrypted_and_opens_with_the_example_password(tmp_path: Path) -> None:
    assert VAULT.read_text(encoding="ascii").startswith("$ANSIBLE_VAULT;")
    assert "EXAMPLE" in VAULT_PASSWORD.read_text(encoding="utf-8")

    secrets = _vault(tmp_path)

    assert set(secrets) == {"vault_kiosk_enrolment_codes", "vault_kiosk_technician_pin"}
    assert set(secrets["vault_kiosk_enrolment_codes"]) == set(_hosts())
    assert re.fullmatch(r"\d{6,12}", secrets["vault_kiosk_technician_pin"])


def test_the_wrong_password_does_not_open_the_vault(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong-password"
    wrong.write_text("not-the-example-password\n", encoding="utf-8")

    opened = _ansible(
        "ansible-vault", "view", "--vault-password-file", str(wrong), str(VAULT), tmp_path=tmp_path
    )

    assert opened.returncode != 0
    assert "vault_kiosk_technician_pin" not in opened.stdout


def test_every_example_kiosk_has_a_hanoi_ward_a_building_and_a_printer() -> None:
    units = tomllib.loads(UNITS.read_text(encoding="utf-8"))["units"]
    wards = {unit["code"] for unit in units}

    hosts = _hosts()

    assert len(hosts) >= 2
    for name, host in hosts.items():
        assert host["kiosk_ward"] in wards, name
        assert host["kiosk_building"].strip(), name
        assert re.match(r"^(usb|network|serial|file):.+", host["kiosk_printer"]), name


def test_the_packages_are_the_list_in_deploy_packages(tmp_path: Path) -> None:
    play = _play()
    (apt,) = [t for t in _walk(play["tasks"]) if _module(t) == "ansible.builtin.apt"]
    assert apt["ansible.builtin.apt"]["name"] == "{{ kiosk_packages }}"
    expression = play["vars"]["kiosk_packages"]
    assert "/deploy/packages/kiosk.txt" in expression

    evaluated = _ansible(
        "ansible",
        "localhost",
        "-i",
        "localhost,",
        "-c",
        "local",
        "-m",
        "ansible.builtin.debug",
        "-a",
        "var=kiosk_packages",
        "-e",
        json.dumps({"kiosk_packages": expression, "kiosk_repo_root": str(ROOT)}),
        tmp_path=tmp_path,
    )

    assert evaluated.returncode == 0, evaluated.stdout + evaluated.stderr
    answer = json.loads(evaluated.stdout.split("=>", 1)[1])
    listed = [
        line.split("#", 1)[0].strip()
        for line in PACKAGES.read_text(encoding="utf-8").splitlines()
        if line.split("#", 1)[0].strip()
    ]
    assert answer["kiosk_packages"] == listed
    assert "cage" in listed


def test_only_the_release_and_the_metrics_certificates_come_from_outside_the_repository() -> None:
    outside = {s for s in _sources() if not s.startswith(REPO)}

    assert outside == SITE_INPUTS


@pytest.mark.parametrize("source", _repo_sources())
def test_every_file_the_playbook_copies_is_in_the_repository(source: str) -> None:
    if "*" in source:
        assert sorted(ROOT.glob(source)), f"{source} matches no file in the repository"
    else:
        assert (ROOT / source).is_file(), f"{source} is not in the repository yet"


def test_every_unit_rule_and_setting_in_deploy_is_installed() -> None:
    sources = _repo_sources()
    installed = {ROOT / s for s in sources if "*" not in s}
    installed |= {path for s in sources if "*" in s for path in ROOT.glob(s)}
    in_deploy = {
        path
        for folder in ("systemd", "udev", "apt", "journald", "timesyncd", "sysctl")
        for path in (ROOT / "deploy" / folder).rglob("*")
        if path.is_file()
    }

    assert sorted(str(p.relative_to(ROOT)) for p in in_deploy - installed) == []
    assert ROOT / "deploy/systemd/kiosk.service" in installed


def test_the_enrolment_code_and_pin_stay_out_of_the_log() -> None:
    for task in _all_tasks():
        module = _module(task)
        if module in ("ansible.builtin.assert", "ansible.builtin.fail", "block"):
            continue  # an assert shows its expressions only; the failure masks both
        if any(secret in yaml.safe_dump(task[module]) for secret in SECRETS):
            assert task.get("no_log") is True, task["name"]


def test_the_pin_file_is_removed_whatever_happens() -> None:
    (block,) = [t for t in _walk(_play()["tasks"]) if "block" in t and "always" in t]
    provision = [
        t
        for t in block["block"]
        if _module(t) == "ansible.builtin.command"
        and "provision" in t["ansible.builtin.command"]["argv"]
    ]
    assert provision, "the provisioning block runs kiosk provision"
    argv = provision[0]["ansible.builtin.command"]["argv"]
    assert argv[argv.index("--pin-file") + 1] == "{{ kiosk_pin_file.path }}"

    (cleanup,) = block["always"]

    assert cleanup["ansible.builtin.file"] == {
        "path": "{{ kiosk_pin_file.path }}",
        "state": "absent",
    }


def test_a_keyboard_in_the_lobby_can_neither_reboot_nor_sysrq_the_kiosk() -> None:
    tasks = _all_tasks()
    masked = [
        t["ansible.builtin.systemd"]
        for t in tasks
        if _module(t) == "ansible.builtin.systemd"
        and t["ansible.builtin.systemd"].get("name") == "ctrl-alt-del.target"
    ]
    assert masked == [{"name": "ctrl-alt-del.target", "masked": True}]
    copies = {
        t["ansible.builtin.copy"]["dest"]: t["ansible.builtin.copy"].get("src")
        for t in tasks
        if _module(t) == "ansible.builtin.copy"
    }
    assert copies["/etc/sysctl.d/90-kiosk.conf"] == REPO + "/deploy/sysctl/90-kiosk.conf"
