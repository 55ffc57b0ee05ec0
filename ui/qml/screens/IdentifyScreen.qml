import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Kiosk
import "../components"
import "identify"

// Identify: hold the QR side of the ID card to the camera, or put the card on the reader
// and open its chip, or type the details instead. One pane at a time, by the reader's and
// the chip read's state.
ScreenPage {
    id: page
    showStartOver: true
    readonly property var identify: kiosk.identifyView
    readonly property string chipHelp: qsTr("Số định danh gồm 12 chữ số, in ở mặt trước thẻ căn cước. Giữ yên thẻ trên đầu đọc cho đến khi kiosk đọc xong.")

    stepTitle: qsTr("Đọc thẻ căn cước")
    onPrimaryClicked: if (state === "chipKeys") keysPane.readChip()
    helpText: qsTr("Mã QR là ô vuông nhỏ màu đen trắng ở mặt sau thẻ căn cước. Giữ thẻ yên trước camera phía trên màn hình, cách khoảng một gang tay.")

    footer: KButton {
        id: typeInsteadButton
        objectName: "typeInsteadButton"
        Layout.fillWidth: true
        text: qsTr("Không dùng thẻ, tự nhập thông tin")
        fontSize: Theme.textBody
        onClicked: kiosk.typeInstead()
    }

    CameraPane { id: cameraPane; anchors.fill: parent; identify: page.identify }
    ChipKeysPane { id: keysPane; anchors.fill: parent; visible: false; identify: page.identify }
    ChipReadingPane { id: readingPane; anchors.fill: parent; visible: false }
    PersonConfirmPane {
        id: confirmPane
        anchors.fill: parent
        visible: false
        personJson: page.identify.chipPersonJson
        readBy: "Chip"
        onConfirmed: page.identify.confirmChip()
        onCancelled: page.identify.cancelChip()
    }
    PersonConfirmPane {
        id: qrConfirmPane
        anchors.fill: parent
        visible: false
        personJson: page.identify.qrPersonJson
        readBy: "Qr"
        onConfirmed: page.identify.confirmQr()
        onCancelled: page.identify.cancelQr()
    }

    // The camera pane unless a card lies on the reader or its chip is being read.
    states: [
        State {
            name: "chipKeys"
            when: page.identify.chipState === ChipReadState.Idle
                  && page.identify.readerState === ReaderState.CardPresent
            PropertyChanges { cameraPane.shown: false; keysPane.visible: true }
            PropertyChanges {
                page.helpText: page.chipHelp
                page.primaryText: qsTr("Đọc chip")
                page.primaryName: "readChipButton"
            }
        },
        State {
            name: "reading"
            when: page.identify.chipState === ChipReadState.Reading
            PropertyChanges { cameraPane.shown: false; readingPane.visible: true }
            PropertyChanges { page.helpText: page.chipHelp; typeInsteadButton.visible: false }
        },
        State {
            name: "confirm"
            when: page.identify.chipState === ChipReadState.Confirm
            PropertyChanges { cameraPane.shown: false; confirmPane.visible: true }
            PropertyChanges { page.helpText: page.chipHelp }
        },
        State {
            // the QR code read: the same question as after the chip
            name: "qrConfirm"
            when: page.identify.qrPersonJson.length > 0
            PropertyChanges { cameraPane.shown: false; qrConfirmPane.visible: true }
        }
    ]
}
