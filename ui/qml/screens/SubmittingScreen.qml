import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../components"

// Saving the application: something visibly happens while it is stored.
Rectangle {
    color: Theme.background
    ColumnLayout {
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.margin
        spacing: Theme.margin
        BusyIndicator { Layout.alignment: Qt.AlignHCenter; running: true; implicitWidth: 160; implicitHeight: 160 }
        Text {
            objectName: "submittingText"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Đang lưu hồ sơ của Ông/⁠Bà…")
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
        }
    }
}
