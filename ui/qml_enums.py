"""The core's state enums as QML enumerations, after ``import Kiosk``: ``ReaderState``,
``PrinterState``, ``ChipReadState``, ``PrintState``, ``PaymentPhase``, and the technician screen's
``TechnicianState`` and ``PinNotice``, e.g. ``ReaderState.CardPresent``.

Qt's enumerations are integers with capitalised keys, the core's are strings (and the core
knows no Qt), so each QML type here is built from its core enum and named after it: the same
members in the same order, the keys in CamelCase. A property hands QML :func:`qml_value` of
a member, typed ``int``: a property typed with the Python enum reaches QML as an opaque
wrapper that equals no enumeration value. Importing this module registers the types.
"""

from __future__ import annotations

from enum import Enum, StrEnum

from PySide6.QtCore import QEnum, QObject
from PySide6.QtQml import qmlRegisterUncreatableMetaObject

from kiosk.chip_reading import ChipReadState
from kiosk.fee_payment import PaymentPhase
from kiosk.ports import PrinterState, ReaderState
from kiosk.receipt_printing import PrintState
from kiosk.technician import PinNotice, TechnicianState

QML_MODULE = "Kiosk"


def qml_key(member: StrEnum) -> str:
    """The key QML knows ``member`` by: ``CARD_PRESENT`` → ``CardPresent``."""
    return "".join(word.capitalize() for word in member.name.split("_"))


def qml_value(member: StrEnum) -> int:
    """The number QML knows ``member`` by (its place in its enum)."""
    return list(type(member)).index(member)


def _register(core: type[StrEnum]) -> type[QObject]:
    """A QML type named after ``core`` holding its members, uncreatable (values only)."""
    keys = Enum("Value", [(qml_key(m), qml_value(m)) for m in core])  # type: ignore[misc]

    class Enumeration(QObject):
        Value = QEnum(keys)  # a QObject's enum is what QML can read

    meta = Enumeration.staticMetaObject  # type: ignore[attr-defined]  # missing from the stubs
    name, example = core.__name__, qml_key(next(iter(core)))
    reason = f"{name} is an enumeration: use its values, e.g. {name}.{example}"
    # The stubs ask for bytes as the module and type names; PySide 6.11 accepts only str.
    qmlRegisterUncreatableMetaObject(meta, QML_MODULE, 1, 0, name, reason)  # type: ignore[arg-type]
    return Enumeration


QML_ENUMS: dict[type[StrEnum], type[QObject]] = {
    core: _register(core)
    for core in (
        ReaderState,
        PrinterState,
        ChipReadState,
        PrintState,
        TechnicianState,
        PinNotice,
        PaymentPhase,
    )
}
"""Each core enum and the QML type that carries it."""
