import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../../components"

// The card is on the reader: the ID number and birth date typed open its chip.
ColumnLayout {
    id: pane
    required property var identify
    spacing: Theme.gap

    function readChip() {
        // let go of the fields so the keyboard closes while the chip is read
        idField.focus = false
        birthField.focus = false
        Qt.inputMethod.hide()
        pane.identify.readChip(idField.text, birthField.text)
    }

    Text {
        objectName: "chipHeading"
        Layout.fillWidth: true
        text: qsTr("Kiosk đã thấy thẻ trên đầu đọc")
        wrapMode: Text.WordWrap
        color: Theme.text
        font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
    }
    Text {
        Layout.fillWidth: true
        text: qsTr("Để mở chip, Ông/⁠Bà nhập số định danh (12 chữ số ở mặt trước thẻ) và ngày sinh.")
        wrapMode: Text.WordWrap
        color: Theme.text
        font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
    }
    Text {
        text: qsTr("Số định danh")
        color: Theme.text
        font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily
    }
    KField {
        id: idField
        objectName: "chipIdField"
        Layout.fillWidth: true
        maximumLength: 12
        inputMethodHints: Qt.ImhDigitsOnly
        onAccepted: birthField.forceActiveFocus()
    }
    Text {
        text: qsTr("Ngày sinh")
        color: Theme.text
        font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily
    }
    KField {
        id: birthField
        objectName: "chipBirthField"
        Layout.fillWidth: true
        maximumLength: 10
        placeholderText: qsTr("ngày/tháng/năm")
        inputMethodHints: Qt.ImhPreferNumbers | Qt.ImhNoPredictiveText
        onAccepted: pane.readChip()
    }
    ErrorBox {
        Layout.fillWidth: true
        message: kiosk.error
    }
    KButton {
        objectName: "readChipButton"
        Layout.fillWidth: true
        primary: true
        text: qsTr("Đọc chip")
        onClicked: pane.readChip()
    }
    Item { Layout.fillHeight: true }
}
