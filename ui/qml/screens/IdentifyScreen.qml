import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Kiosk
import "../components"

// Identify: hold the QR side of the ID card to the camera, or put the card on the reader
// and open its chip, or type the details instead.
ScreenPage {
    id: page
    readonly property bool chipMode: kiosk.readerState === "card_present" || kiosk.chipState !== "idle"
    readonly property var person: kiosk.chipPersonJson.length > 0 ? JSON.parse(kiosk.chipPersonJson) : ({})

    function readChip() {
        // let go of the fields so the keyboard closes while the chip is read
        idField.focus = false
        birthField.focus = false
        Qt.inputMethod.hide()
        kiosk.readChip(idField.text, birthField.text)
    }

    stepTitle: qsTr("Đọc thẻ căn cước")
    helpText: chipMode
              ? qsTr("Số định danh gồm 12 chữ số, in ở mặt trước thẻ căn cước. Giữ yên thẻ trên đầu đọc cho đến khi kiosk đọc xong.")
              : qsTr("Mã QR là ô vuông nhỏ màu đen trắng ở mặt sau thẻ căn cước. Giữ thẻ yên trước camera phía trên màn hình, cách khoảng một gang tay.")

    footer: KButton {
        objectName: "typeInsteadButton"
        Layout.fillWidth: true
        visible: kiosk.chipState !== "reading"
        text: qsTr("Không dùng thẻ, tự nhập thông tin")
        fontSize: Theme.textBody
        onClicked: kiosk.typeInstead()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.margin
        visible: !page.chipMode
        Text {
            Layout.fillWidth: true
            text: qsTr("Ông/⁠Bà vui lòng đưa mặt sau thẻ căn cước, có mã QR, vào trước camera")
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
        }
        Text {
            Layout.fillWidth: true
            text: qsTr("Camera ở phía trên màn hình. Giữ thẻ yên trong khung như hình dưới đây.")
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
        }
        Rectangle {
            // What the camera sees, with the frame to hold the card in; the drawing shows
            // how until the first picture arrives.
            Layout.fillWidth: true
            Layout.preferredHeight: width * 9 / 16
            radius: Theme.radius
            color: "#2B2B2B"
            clip: true
            CameraView {
                objectName: "cameraPreview"
                anchors.fill: parent
                source: kiosk.cameraFrames
            }
            CardPicture {
                anchors.centerIn: parent
                visible: !kiosk.cameraLive
            }
            Rectangle {
                // the frame guide: a card-shaped outline in the middle
                anchors.centerIn: parent
                width: parent.width * 0.62
                height: width * 0.63
                color: "transparent"
                radius: 24
                border.color: "#FFD54F"
                border.width: 8
                visible: kiosk.cameraLive
            }
        }
        ErrorBox {
            Layout.fillWidth: true
            message: page.chipMode ? "" : kiosk.error
        }
        RowLayout {
            Layout.alignment: Qt.AlignHCenter
            spacing: Theme.gap
            BusyIndicator { running: !page.chipMode; implicitWidth: 88; implicitHeight: 88 }
            Text {
                objectName: "identifyStatus"
                text: qsTr("Đang chờ đọc thẻ…")
                color: Theme.text
                font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
            }
        }
        Text {
            objectName: "readerHint"
            Layout.fillWidth: true
            visible: kiosk.readerState === "empty"
            text: qsTr("Hoặc đặt thẻ lên đầu đọc thẻ bên dưới màn hình để kiosk đọc chip.")
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            color: Theme.text
            font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
        }
        Item {
            // how to hold the card, for as long as the camera picture is up
            visible: kiosk.cameraLive && kiosk.readerState !== "empty"
            Layout.alignment: Qt.AlignHCenter
            implicitWidth: howTo.implicitWidth * howTo.scale
            implicitHeight: howTo.implicitHeight * howTo.scale
            CardPicture { id: howTo; anchors.centerIn: parent; scale: 0.6 }
        }
        Item { Layout.fillHeight: true }
    }

    ColumnLayout {
        // the card is on the reader: the ID number and birth date open its chip
        anchors.fill: parent
        spacing: Theme.gap
        visible: page.chipMode && kiosk.chipState === "idle"
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
            onAccepted: page.readChip()
        }
        ErrorBox {
            Layout.fillWidth: true
            message: page.chipMode ? kiosk.error : ""
        }
        KButton {
            objectName: "readChipButton"
            Layout.fillWidth: true
            primary: true
            text: qsTr("Đọc chip")
            onClicked: page.readChip()
        }
        Item { Layout.fillHeight: true }
    }

    ColumnLayout {
        // reading: keep the card still
        anchors.fill: parent
        spacing: Theme.margin
        visible: kiosk.chipState === "reading"
        Item { Layout.fillHeight: true }
        BusyIndicator { objectName: "chipBusy"; running: parent.visible; Layout.alignment: Qt.AlignHCenter; implicitWidth: 160; implicitHeight: 160 }
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

    ColumnLayout {
        // read: is this you?
        anchors.fill: parent
        spacing: Theme.gap
        visible: kiosk.chipState === "confirm"
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
            visible: (page.person.face || "").length > 0
            source: page.person.face || ""
            fillMode: Image.PreserveAspectFit
            cache: false
        }
        Text {
            objectName: "chipName"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: page.person.name || ""
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
        }
        Text {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Ngày sinh %1 · Số định danh %2").arg(page.person.born || "").arg(page.person.idMasked || "")
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
        }
        KButton {
            objectName: "confirmChipButton"
            Layout.fillWidth: true
            primary: true
            text: qsTr("Đúng, tiếp tục")
            onClicked: kiosk.confirmChip()
        }
        KButton {
            objectName: "cancelChipButton"
            Layout.fillWidth: true
            text: qsTr("Không phải tôi")
            onClicked: kiosk.cancelChip()
        }
        Item { Layout.fillHeight: true }
    }
}
