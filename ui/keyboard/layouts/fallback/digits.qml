import QtQuick
import QtQuick.Layouts
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Components

// The number pad for fields that take digits only (months, phone, ID, apartment, counts):
// the keys of a telephone, 1 2 3 at the top, as large as the keyboard's whole height and
// width allow; backspace and enter as tall keys on the right.
KeyboardLayout {
    objectName: "digitsLayout"
    inputMethod: PlainInputMethod {}
    inputMode: InputEngine.InputMode.Numeric

    KeyboardRow {
        KeyboardColumn {
            Layout.preferredWidth: 3
            KeyboardRow {
                Key { key: Qt.Key_1; text: "1" }
                Key { key: Qt.Key_2; text: "2" }
                Key { key: Qt.Key_3; text: "3" }
            }
            KeyboardRow {
                Key { key: Qt.Key_4; text: "4" }
                Key { key: Qt.Key_5; text: "5" }
                Key { key: Qt.Key_6; text: "6" }
            }
            KeyboardRow {
                Key { key: Qt.Key_7; text: "7" }
                Key { key: Qt.Key_8; text: "8" }
                Key { key: Qt.Key_9; text: "9" }
            }
            KeyboardRow {
                HideKeyboardKey { visible: true }
                Key { key: Qt.Key_0; text: "0" }
                FillerKey {}
            }
        }
        KeyboardColumn {
            Layout.preferredWidth: 1
            BackspaceKey { objectName: "backspaceKey" }
            EnterKey { objectName: "enterKey" }
        }
    }
}
