import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Kiosk
import "../components"
import "confirmation"

// Confirmation: the tracking code large, what happens next, the receipt, and the way out.
ScreenPage {
    id: page
    readonly property var proc: JSON.parse(kiosk.catalogueView.procedureJson)
    readonly property var confirmation: kiosk.confirmationView
    readonly property bool printFailed: confirmation.printState === PrintState.Failed
    showBack: false
    stepTitle: qsTr("Đã nhận hồ sơ")
    primaryText: qsTr("Hoàn tất")
    primaryName: "finishButton"
    helpText: qsTr("Hãy giữ biên nhận hoặc ghi lại mã hồ sơ để tra cứu kết quả.")
    onPrimaryClicked: kiosk.finish()

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: done.implicitHeight + 2 * Theme.margin
            radius: Theme.radius
            color: Theme.successBackground
            border.color: Theme.success
            border.width: 4
            ColumnLayout {
                id: done
                anchors.fill: parent
                anchors.margins: Theme.margin
                spacing: Theme.gap
                Text {
                    Layout.fillWidth: true
                    text: "✓ " + qsTr("Kiosk đã nhận hồ sơ")
                    wrapMode: Text.WordWrap
                    color: Theme.success
                    font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
                }
                Text {
                    text: qsTr("Mã hồ sơ")
                    color: Theme.text
                    font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
                }
                Text {
                    objectName: "trackingCode"
                    Layout.fillWidth: true
                    text: page.confirmation.trackingCode
                    color: Theme.text
                    font.pixelSize: Theme.codeSize; font.bold: true; font.family: Theme.fontFamily
                    font.letterSpacing: 4
                    fontSizeMode: Text.HorizontalFit
                }
            }
        }
        Flickable {
            // What happens next; it scrolls when the resident's text size makes it long,
            // and is no taller than it needs to be (the print status follows it).
            id: steps
            objectName: "nextSteps"
            visible: !page.printFailed
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: stepsColumn.implicitHeight
            Layout.maximumHeight: stepsColumn.implicitHeight
            clip: true
            contentHeight: stepsColumn.implicitHeight
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {
                policy: steps.contentHeight > steps.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
                width: 16
            }
            ColumnLayout {
                id: stepsColumn
                width: steps.width - 32  // room for the scroll bar
                spacing: Theme.gap
                PaymentPane {
                    // The fee's VietQR code first: whole on screen at the standard text
                    // size; what happens next and the rating scroll up under it.
                    Layout.fillWidth: true
                    Layout.topMargin: Theme.gap
                }
                Text {
                    visible: !page.printFailed
                    Layout.topMargin: Theme.gap
                    text: qsTr("Tiếp theo")
                    color: Theme.text
                    font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
                }
                Repeater {
                    model: [
                        qsTr("Kiosk gửi hồ sơ đến %1. Nếu mạng chậm, kiosk tự gửi lại; Ông/⁠Bà không cần làm gì thêm.").arg(proc.receivingOffice || ""),
                        qsTr("Thời hạn giải quyết: %1.").arg(proc.processingTime || ""),
                        qsTr("Nhận kết quả: %1.").arg(page.confirmation.resultDelivery || proc.resultDelivery || ""),
                        qsTr("Muốn biết hồ sơ đến đâu, Ông/⁠Bà bấm «Tra cứu hồ sơ đã nộp» ở trang đầu kiosk và nhập mã hồ sơ."),
                        page.confirmation.feeDue
                    ]
                    Text {
                        required property var modelData
                        required property int index
                        objectName: "nextStep" + index
                        visible: !page.printFailed
                        Layout.fillWidth: true
                        text: "•  " + modelData
                        wrapMode: Text.WordWrap
                        color: Theme.text
                        font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                    }
                }
                RatingPane {
                    // Optional, after what happens next.
                    Layout.fillWidth: true
                    Layout.topMargin: Theme.gap
                }
            }
        }
        Text {
            // Said in words too: not every resident knows a screen scrolls.
            objectName: "nextStepsMoreHint"
            visible: !page.printFailed && steps.contentHeight > steps.height + 1
            opacity: steps.atYEnd ? 0 : 1
            Layout.fillWidth: true
            text: "▼ " + qsTr("Vuốt lên để đọc tiếp")
            horizontalAlignment: Text.AlignHCenter
            color: Theme.textMuted
            font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily
        }
        Rectangle {
            Layout.fillWidth: true
            Layout.topMargin: Theme.gap
            implicitHeight: printRow.implicitHeight + 2 * Theme.gap
            radius: Theme.radius
            color: page.printFailed ? Theme.errorBackground : Theme.surface
            border.color: page.printFailed ? Theme.error : Theme.divider
            border.width: 3
            RowLayout {
                id: printRow
                anchors.fill: parent
                anchors.margins: Theme.gap
                spacing: Theme.gap
                BusyIndicator { visible: page.confirmation.printState === PrintState.Printing; running: visible; implicitWidth: 72; implicitHeight: 72 }
                Text {
                    objectName: "printStatus"
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    color: page.printFailed ? Theme.error : Theme.text
                    font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                    text: page.confirmation.printState === PrintState.Printing ? qsTr("Đang in biên nhận…")
                        : page.confirmation.printState === PrintState.Printed ? qsTr("Đã in biên nhận. Ông/⁠Bà vui lòng lấy biên nhận ở khe máy in bên dưới.")
                        : page.printFailed && page.confirmation.printerBack ? qsTr("Máy in đã hoạt động trở lại. Bấm In lại để lấy biên nhận.")
                        : page.printFailed ? qsTr("Máy in chưa in được biên nhận. Hồ sơ vẫn được gửi bình thường. Ông/⁠Bà có thể chụp ảnh biên nhận dưới đây.")
                        : ""
                }
                KButton {
                    objectName: "printAgainButton"
                    visible: page.printFailed
                    primary: page.confirmation.printerBack
                    text: qsTr("In lại")
                    fontSize: Theme.textBody
                    implicitHeight: Theme.touchMin
                    onClicked: page.confirmation.printAgain()
                }
            }
        }
        Rectangle {
            // The receipt on screen when it could not be printed, large enough to photograph.
            visible: page.printFailed
            Layout.fillWidth: true
            Layout.fillHeight: true
            color: "white"
            border.color: Theme.divider
            border.width: 2
            Flickable {
                // Full width, so the QR code near the top is large; the rest scrolls.
                id: receiptView
                anchors.fill: parent
                anchors.margins: 8
                clip: true
                contentHeight: receiptImage.height
                ScrollBar.vertical: ScrollBar { policy: ScrollBar.AlwaysOn; width: 16 }
                Image {
                    id: receiptImage
                    objectName: "receiptImage"
                    // 1.35× the paper's dots: the QR code is about 350 px and fits the panel
                    // whole, with the text still readable; the rest of the receipt scrolls.
                    width: Math.min(receiptView.width - 24, sourceSize.width * 1.35)
                    x: (receiptView.width - width) / 2
                    height: sourceSize.width > 0 ? width * sourceSize.height / sourceSize.width : 0
                    source: page.confirmation.receiptImage
                    fillMode: Image.PreserveAspectFit
                    smooth: false
                    cache: false
                }
            }
        }
        Item { visible: !page.printFailed; Layout.fillHeight: true }
    }
}
