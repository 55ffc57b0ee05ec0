"""The sd_notify protocol over a real Unix datagram socket: where the messages go, what they
say, and when there is a watchdog to ping."""

import logging
import os
import uuid
from collections.abc import Iterator

import pytest

from kiosk.app.systemd_notify import (
    notify,
    socket_address,
    status,
    watchdog_interval,
    watchdog_timeout,
)
from tests.notify_socket import NotifySocket


@pytest.fixture
def systemd(tmp_path) -> Iterator[NotifySocket]:
    sock = NotifySocket(tmp_path / "notify")
    yield sock
    sock.close()


def test_a_message_reaches_the_socket_with_the_senders_process_id(systemd):
    assert notify("READY=1\nSTATUS=up", {"NOTIFY_SOCKET": systemd.address})

    got = systemd.receive(timeout=5)
    assert got is not None
    assert got.lines == ("READY=1", "STATUS=up")
    assert got.pid == os.getpid()


def test_an_abstract_namespace_socket_is_reached_through_its_at_sign():
    systemd = NotifySocket(f"@kiosk-test-{uuid.uuid4().hex}")
    try:
        assert notify("WATCHDOG=1", {"NOTIFY_SOCKET": systemd.address})
        got = systemd.receive(timeout=5)
        assert got is not None and got.lines == ("WATCHDOG=1",)
    finally:
        systemd.close()


def test_without_systemd_nothing_is_sent_and_nothing_fails():
    assert socket_address({}) is None
    assert not notify("READY=1", {})
    assert not status("starting", {})


def test_a_socket_that_went_away_is_reported_once_and_does_not_stop_the_kiosk(tmp_path, caplog):
    gone = {"NOTIFY_SOCKET": str(tmp_path / "no-such-socket")}
    with caplog.at_level(logging.WARNING, logger="kiosk.app.systemd_notify"):
        assert not notify("WATCHDOG=1", gone)
        assert not notify("WATCHDOG=1", gone)
    assert len([r for r in caplog.records if "could not notify systemd" in r.message]) == 1


def test_a_notify_socket_that_is_not_a_unix_path_is_ignored():
    assert socket_address({"NOTIFY_SOCKET": "vsock:2:1234"}) is None
    assert not notify("READY=1", {"NOTIFY_SOCKET": "relative/path"})


def test_a_status_is_one_line_so_it_cannot_smuggle_other_keys_in(systemd):
    status("printer out of paper\nREADY=1", {"NOTIFY_SOCKET": systemd.address})

    got = systemd.receive(timeout=5)
    assert got is not None
    assert got.lines == ("STATUS=printer out of paper READY=1",)


def test_the_watchdog_pings_at_half_the_units_timeout():
    env = {"WATCHDOG_USEC": "10000000", "WATCHDOG_PID": str(os.getpid())}
    assert watchdog_timeout(env) == 10.0
    assert watchdog_interval(env) == 5.0


def test_without_watchdog_pid_the_watchdog_is_this_processs():
    assert watchdog_interval({"WATCHDOG_USEC": "2000000"}) == 1.0


def test_a_watchdog_meant_for_another_process_is_not_pinged_from_this_one():
    # What a child inherits from its parent (the kiosk under cage, if cage's were kept).
    env = {"WATCHDOG_USEC": "10000000", "WATCHDOG_PID": str(os.getpid() + 1)}
    assert watchdog_interval(env) is None
    assert watchdog_interval(env, pid=os.getpid() + 1) == 5.0


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"WATCHDOG_USEC": ""},
        {"WATCHDOG_USEC": "0"},
        {"WATCHDOG_USEC": "-5"},
        {"WATCHDOG_USEC": "ten seconds"},
        {"WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "cage"},
    ],
)
def test_no_usable_watchdog_means_no_pings(env):
    assert watchdog_timeout(env) is None
    assert watchdog_interval(env) is None
