import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../../components"

// The card is on the reader: the ID number and birth date typed open its chip ("Đọc chip" is
// the screen's primary action, at the bottom with the keyboard up too). Scrolls when
// the on-screen keyboard (or a larger text size) leaves it less room than it needs; the field
// being typed into is kept in view.
Flickable {
    id: pane
    required property var identify
    clip: true
    contentWidth: width
    contentHeight: column.implicitHeight
    boundsBehavior: Flickable.StopAtBounds

    function keepInView(item) {
        var top = item.mapToItem(column, 0, 0).y
        if (top < contentY)
            contentY = top
        else if (top + item.height > contentY + height)
            contentY = Math.min(top + item.height - height, Math.max(0, contentHeight - height))
    }
    onHeightChanged: if (idField.activeFocus) keepInView(idField)
                     else if (birthField.activeFocus) keepInView(birthField)

    function readChip() {
        // let go of the fields so the keyboard closes while the chip is read
        idField.focus = false
        birthField.focus = false
        Qt.inputMethod.hide()
        pane.identify.readChip(idField.text, birthField.text)
    }

    ColumnLayout {
        id: column
        width: pane.width
        spacing: Theme.gap

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
            onActiveFocusChanged: if (activeFocus) pane.keepInView(idField)
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
            onActiveFocusChanged: if (activeFocus) pane.keepInView(birthField)
        }
        ErrorBox {
            Layout.fillWidth: true
            message: kiosk.error
        }
    }
}
