import QtQuick
import QtQuick.Layouts
import "../../components"

// A fact on the technician screen: what, its value, and how it stands (an icon and words,
// never colour alone): "ok", "warning", "fault", or "" for a plain fact. "strong": the
// value in bold (a state read at a glance, not a sentence).
RowLayout {
    id: line
    property string label: ""
    property string value: ""
    property string tone: ""
    property bool strong: tone.length > 0
    Layout.fillWidth: true
    spacing: 16

    Rectangle {
        Layout.alignment: Qt.AlignTop
        Layout.topMargin: 2
        opacity: line.tone.length > 0 ? 1 : 0  // keeps its place: the columns line up
        width: 40; height: 40; radius: 20
        color: line.tone === "ok" ? Theme.success : line.tone === "warning" ? "#8A5A00" : Theme.error
        Text {
            anchors.centerIn: parent
            text: line.tone === "ok" ? "✓" : "!"
            color: "white"
            font.pixelSize: 28; font.bold: true; font.family: Theme.fontFamily
        }
    }
    Text {
        Layout.preferredWidth: 300
        Layout.alignment: Qt.AlignTop
        text: line.label
        wrapMode: Text.WordWrap
        color: Theme.textMuted
        font.pixelSize: Theme.textSmall; font.family: Theme.fontFamily
    }
    Text {
        Layout.fillWidth: true
        Layout.alignment: Qt.AlignTop
        text: line.value
        wrapMode: Text.Wrap
        color: line.tone === "fault" ? Theme.error : Theme.text
        font.pixelSize: Theme.textSmall; font.bold: line.strong; font.family: Theme.fontFamily
    }
}
