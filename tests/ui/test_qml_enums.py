"""The core's state enums reach QML as enumerations: every member, by its CamelCase key, with
the number a property hands QML for it."""

from enum import StrEnum

import pytest
from PySide6.QtQml import QQmlComponent, QQmlEngine

from ui.qml_enums import QML_ENUMS, qml_key, qml_value


@pytest.mark.parametrize("core", list(QML_ENUMS), ids=lambda core: core.__name__)
def test_every_member_of_the_core_enum_is_known_to_qml(qapp, core: type[StrEnum]):
    checks = " && ".join(f"{core.__name__}.{qml_key(m)} === {qml_value(m)}" for m in core)
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(
        f"import QtQml\nimport Kiosk\nQtObject {{ property bool known: {checks} }}".encode(),
        "inline.qml",
    )
    made = component.create()
    assert made is not None, component.errorString()
    assert made.property("known") is True
    assert len({qml_value(m) for m in core}) == len(core)


def test_keys_are_camel_case():
    from kiosk.ports import ReaderState

    assert qml_key(ReaderState.CARD_PRESENT) == "CardPresent"
    assert qml_value(ReaderState.CARD_PRESENT) == list(ReaderState).index(ReaderState.CARD_PRESENT)
