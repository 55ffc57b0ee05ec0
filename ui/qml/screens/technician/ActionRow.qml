import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../../components"

// An action of the technician screen: its button, a busy indicator with what is happening
// while it runs, and what it gave.
ColumnLayout {
    id: row
    property string buttonName: ""
    property string buttonText: ""
    property bool busy: false
    property string busyText: ""
    property string resultName: ""
    property string resultText: ""
    property string resultTone: ""
    signal clicked()
    Layout.fillWidth: true
    spacing: 12

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.gap
        KButton {
            objectName: row.buttonName
            implicitHeight: Theme.touchMin
            fontSize: Theme.textBody
            enabled: !row.busy
            opacity: enabled ? 1.0 : 0.45
            text: row.buttonText
            onClicked: row.clicked()
        }
        BusyIndicator {
            visible: row.busy
            running: row.busy
            implicitWidth: 64; implicitHeight: 64
        }
        Text {
            Layout.fillWidth: true
            visible: row.busy
            text: row.busyText
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.textSmall; font.family: Theme.fontFamily
        }
    }
    StatusLine {
        objectName: row.resultName
        visible: !row.busy && row.resultText.length > 0
        label: qsTr("Kết quả")
        value: row.resultText
        tone: row.resultTone
        strong: false
    }
}
