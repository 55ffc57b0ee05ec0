import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Components

// Qt's own symbols layout, drawn in the kiosk's style.
KeyboardLayoutLoader {
    source: "qrc:/qt-project.org/imports/QtQuick/VirtualKeyboard/Layouts/fallback/symbols.qml"
}
