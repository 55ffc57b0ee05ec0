import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Components

// Qt's own Vietnamese symbols layout (digits and punctuation), drawn in the kiosk's style.
KeyboardLayoutLoader {
    source: "qrc:/qt-project.org/imports/QtQuick/VirtualKeyboard/Layouts/vi_VN/symbols.qml"
}
