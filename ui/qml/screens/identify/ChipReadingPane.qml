import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../../components"

// The chip is being read: keep the card still.
ColumnLayout {
    id: pane
    spacing: Theme.margin
    Item { Layout.fillHeight: true }
    BusyIndicator { objectName: "chipBusy"; running: pane.visible; Layout.alignment: Qt.AlignHCenter; implicitWidth: 160; implicitHeight: 160 }
    Text {
        Layout.fillWidth: true
        horizontalAlignment: Text.AlignHCenter
        text: qsTr("Đang đọc chip… Ông/⁠Bà giữ yên thẻ trên đầu đọc.")
        wrapMode: Text.WordWrap
        color: Theme.text
        font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
    }
    Item { Layout.fillHeight: true }
}
