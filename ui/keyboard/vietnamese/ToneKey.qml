import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Components

// A tone key: it sends the tone's combining mark, which VietnameseInputMethod puts on the
// right vowel of the word just typed. The style draws the mark on a dotted circle with the
// tone's name ("sắc") beside it.
Key {
    property bool toneKey: true
    property string toneName
    key: Qt.Key_unknown
    displayText: "\u25CC" + text
    noModifier: true
    showPreview: false
}
