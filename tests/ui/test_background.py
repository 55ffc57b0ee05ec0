"""Slow work runs off the GUI thread and its outcome, or its exception, comes back on it."""

import threading

from ui.background import Background


def test_the_result_comes_back_on_the_gui_thread(qtbot):
    background = Background()
    workers: list[threading.Thread] = []
    results: list[tuple[int, threading.Thread]] = []

    def work() -> int:
        workers.append(threading.current_thread())
        return 42

    background.run(
        "answer", work, lambda value: results.append((value, threading.current_thread()))
    )
    qtbot.waitUntil(lambda: bool(results), timeout=5_000)
    assert results == [(42, threading.main_thread())]
    assert workers[0] is not threading.main_thread() and workers[0].name == "answer"


def test_an_exception_comes_back_to_the_failure_callback(qtbot):
    background = Background()
    failures: list[tuple[Exception, threading.Thread]] = []

    def work() -> int:
        raise OSError("disk full")

    background.run(
        "broken",
        work,
        lambda _: None,
        lambda error: failures.append((error, threading.current_thread())),
    )
    qtbot.waitUntil(lambda: bool(failures), timeout=5_000)
    error, thread = failures[0]
    assert isinstance(error, OSError) and thread is threading.main_thread()


def test_nothing_is_delivered_once_closed(qtbot):
    background = Background()
    release = threading.Event()
    results: list[int] = []
    background.run("late", lambda: release.wait(5) and 1, results.append)
    background.close()
    release.set()
    qtbot.wait(200)
    assert results == []
