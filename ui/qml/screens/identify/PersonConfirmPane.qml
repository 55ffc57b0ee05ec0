import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../../components"

// A card is read, from its chip or its QR code: is this you? The name, the birth date and the
// ID number masked, and the chip's face (a face the kiosk cannot show is said so; the resident
// still recognises the name). The buttons are named for the way the card was read.
ColumnLayout {
    id: pane
    required property string personJson
    required property string readBy  // "Chip" or "Qr"
    readonly property var person: personJson.length > 0 ? JSON.parse(personJson) : ({})
    signal confirmed()
    signal cancelled()
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
        objectName: "confirm" + pane.readBy + "Button"
        Layout.fillWidth: true
        primary: true
        text: qsTr("Đúng, tiếp tục")
        onClicked: pane.confirmed()
    }
    KButton {
        objectName: "cancel" + pane.readBy + "Button"
        Layout.fillWidth: true
        text: qsTr("Không phải tôi")
        onClicked: pane.cancelled()
    }
    Item { Layout.fillHeight: true }
}
