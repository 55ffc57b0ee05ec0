"""The Qt binding itself must be fit to run for months: PySide6 6.12.0 dropped a reference
to ``True`` on every ``Signal.emit()``, which aborts the process (``bool_dealloc``) once the
count runs out — after a few hundred resident sessions."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal()
    with_text = Signal(str)


def test_emitting_signals_does_not_eat_references_to_true(qapp):
    emitter = _Emitter()
    emitter.plain.connect(lambda: None)
    emitter.with_text.connect(lambda text: None)
    before = sys.getrefcount(True)
    for _ in range(50):
        emitter.plain.emit()
        emitter.with_text.emit("x")
    assert sys.getrefcount(True) >= before  # 6.12.0: 100 fewer
