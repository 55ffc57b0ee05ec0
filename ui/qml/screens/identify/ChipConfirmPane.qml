import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../../components"

// The chip is read: is this you? The face and name, the birth date and the ID number masked.
// A face the kiosk cannot show is said so; the resident still recognises the name.
ColumnLayout {
    id: pane
    required property var identify
    readonly property var person: identify.chipPersonJson.length > 0 ? JSON.parse(identify.chipPersonJson) : ({})
    spacing: Theme.gap
    Text {
        Layout.fillWidth: true
        text: qsTr("Đây có phải là Ông/⁠Bà không?")
        wrapMode: Text.WordWrap
        color: Theme.text
        font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
    }
    Image {
        objectName: "chipFace"
        Layout.alignment: Qt.AlignHCenter
        Layout.preferredWidth: 360
        Layout.preferredHeight: 480
        visible: (pane.person.face || "").length > 0
        source: pane.person.face || ""
        fillMode: Image.PreserveAspectFit
        cache: false
    }
    Text {
        objectName: "chipFaceUnreadable"
        Layout.fillWidth: true
        horizontalAlignment: Text.AlignHCenter
        visible: pane.person.faceUnreadable === true
        text: qsTr("Không hiển thị được ảnh chân dung trong thẻ. Ông/⁠Bà vẫn có thể tiếp tục.")
        wrapMode: Text.WordWrap
        color: Theme.text
        font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
    }
    Text {
        objectName: "chipName"
        Layout.fillWidth: true
        horizontalAlignment: Text.AlignHCenter
        text: pane.person.name || ""
        wrapMode: Text.WordWrap
        color: Theme.text
        font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
    }
    Text {
        Layout.fillWidth: true
        horizontalAlignment: Text.AlignHCenter
        text: qsTr("Ngày sinh %1 · Số định danh %2").arg(pane.person.born || "").arg(pane.person.idMasked || "")
        wrapMode: Text.WordWrap
        color: Theme.text
        font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
    }
    KButton {
        objectName: "confirmChipButton"
        Layout.fillWidth: true
        primary: true
        text: qsTr("Đúng, tiếp tục")
        onClicked: pane.identify.confirmChip()
    }
    KButton {
        objectName: "cancelChipButton"
        Layout.fillWidth: true
        text: qsTr("Không phải tôi")
        onClicked: pane.identify.cancelChip()
    }
    Item { Layout.fillHeight: true }
}
