import QtQuick
import QtQuick.Layouts
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Components
import "../../vietnamese"

// The kiosk's Vietnamese keyboard: a row of the five tone marks and a row of â ă ê ô ơ ư đ
// above the usual letters, so that every Vietnamese letter is one or two taps away and none
// needs a long press. A tone goes on the word just typed ("hoa", then sắc: "hóa").
KeyboardLayout {
    objectName: "vietnameseLayout"
    inputMethod: VietnameseInputMethod {}
    inputMode: InputEngine.InputMode.Latin
    keyWeight: 160
    readonly property real normalKeyWidth: normalKey.width
    readonly property real functionKeyWidth: mapFromItem(normalKey, normalKey.width / 2, 0).x

    // The tones by their Vietnamese names (in English: acute, grave, hook, tilde, dot).
    KeyboardRow {
        objectName: "toneRow"
        ToneKey { objectName: "toneSac"; text: "\u0301"; toneName: qsTr("sắc") }
        ToneKey { objectName: "toneHuyen"; text: "\u0300"; toneName: qsTr("huyền") }
        ToneKey { objectName: "toneHoi"; text: "\u0309"; toneName: qsTr("hỏi") }
        ToneKey { objectName: "toneNga"; text: "\u0303"; toneName: qsTr("ngã") }
        ToneKey { objectName: "toneNang"; text: "\u0323"; toneName: qsTr("nặng") }
    }
    KeyboardRow {
        objectName: "vietnameseLetterRow"
        Key { text: "â"; key: Qt.Key_unknown }
        Key { text: "ă"; key: Qt.Key_unknown }
        Key { text: "ê"; key: Qt.Key_unknown }
        Key { text: "ô"; key: Qt.Key_unknown }
        Key { text: "ơ"; key: Qt.Key_unknown }
        Key { text: "ư"; key: Qt.Key_unknown }
        Key { text: "đ"; key: Qt.Key_unknown }
    }
    KeyboardRow {
        Key { key: Qt.Key_Q; text: "q" }
        Key { id: normalKey; key: Qt.Key_W; text: "w" }
        Key { key: Qt.Key_E; text: "e" }
        Key { key: Qt.Key_R; text: "r" }
        Key { key: Qt.Key_T; text: "t" }
        Key { key: Qt.Key_Y; text: "y" }
        Key { key: Qt.Key_U; text: "u" }
        Key { key: Qt.Key_I; text: "i" }
        Key { key: Qt.Key_O; text: "o" }
        Key { key: Qt.Key_P; text: "p" }
    }
    KeyboardRow {
        KeyboardRow {
            Layout.preferredWidth: functionKeyWidth
            Layout.fillWidth: false
            FillerKey {}
            Key { key: Qt.Key_A; text: "a"; weight: normalKeyWidth; Layout.fillWidth: false }
        }
        Key { key: Qt.Key_S; text: "s" }
        Key { key: Qt.Key_D; text: "d" }
        Key { key: Qt.Key_F; text: "f" }
        Key { key: Qt.Key_G; text: "g" }
        Key { key: Qt.Key_H; text: "h" }
        Key { key: Qt.Key_J; text: "j" }
        Key { key: Qt.Key_K; text: "k" }
        KeyboardRow {
            Layout.preferredWidth: functionKeyWidth
            Layout.fillWidth: false
            Key { key: Qt.Key_L; text: "l"; weight: normalKeyWidth; Layout.fillWidth: false }
            FillerKey {}
        }
    }
    KeyboardRow {
        ShiftKey { objectName: "shiftKey"; weight: functionKeyWidth; Layout.fillWidth: false }
        Key { key: Qt.Key_Z; text: "z" }
        Key { key: Qt.Key_X; text: "x" }
        Key { key: Qt.Key_C; text: "c" }
        Key { key: Qt.Key_V; text: "v" }
        Key { key: Qt.Key_B; text: "b" }
        Key { key: Qt.Key_N; text: "n" }
        Key { key: Qt.Key_M; text: "m" }
        BackspaceKey { objectName: "backspaceKey"; weight: functionKeyWidth; Layout.fillWidth: false }
    }
    KeyboardRow {
        SymbolModeKey { displayText: "123"; weight: functionKeyWidth; Layout.fillWidth: false }
        ChangeLanguageKey { weight: normalKeyWidth; Layout.fillWidth: false }
        Key { key: Qt.Key_Comma; text: ","; weight: normalKeyWidth; Layout.fillWidth: false; highlighted: true }
        SpaceKey { objectName: "spaceKey" }
        Key { key: Qt.Key_Period; text: "."; weight: normalKeyWidth; Layout.fillWidth: false; highlighted: true }
        HideKeyboardKey { weight: normalKeyWidth; Layout.fillWidth: false }
        EnterKey { objectName: "enterKey"; weight: functionKeyWidth; Layout.fillWidth: false }
    }
}
