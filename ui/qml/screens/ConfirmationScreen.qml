import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../components"

// Confirmation: the tracking code large, what happens next, the receipt, and the way out.
ScreenPage {
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
                    text: kiosk.trackingCode
                    color: Theme.text
                    font.pixelSize: Theme.codeSize; font.bold: true; font.family: Theme.fontFamily
                    font.letterSpacing: 4
                    fontSizeMode: Text.HorizontalFit
                }
            }
        }
        Text {
            Layout.topMargin: Theme.gap
            text: qsTr("Tiếp theo")
            color: Theme.text
            font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
        }
        Repeater {
            model: [
                qsTr("Kiosk gửi hồ sơ đến %1. Nếu mạng chậm, kiosk tự gửi lại; Ông/⁠Bà không cần làm gì thêm.").arg(kiosk.procedure.receivingOffice || ""),
                qsTr("Thời hạn giải quyết: %1.").arg(kiosk.procedure.processingTime || ""),
                qsTr("Nhận kết quả: %1.").arg(kiosk.procedure.resultDelivery || ""),
                qsTr("Lệ phí: %1. Cơ quan giải quyết sẽ báo cách nộp.").arg(kiosk.procedure.fee || qsTr("miễn phí"))
            ]
            Text {
                required property var modelData
                Layout.fillWidth: true
                text: "•  " + modelData
                wrapMode: Text.WordWrap
                color: Theme.text
                font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
            }
        }
        Rectangle {
            Layout.fillWidth: true
            Layout.topMargin: Theme.gap
            implicitHeight: printRow.implicitHeight + 2 * Theme.gap
            radius: Theme.radius
            color: kiosk.printState === "failed" ? Theme.errorBackground : Theme.surface
            border.color: kiosk.printState === "failed" ? Theme.error : Theme.divider
            border.width: 3
            RowLayout {
                id: printRow
                anchors.fill: parent
                anchors.margins: Theme.gap
                spacing: Theme.gap
                BusyIndicator { visible: kiosk.printState === "printing"; running: visible; implicitWidth: 72; implicitHeight: 72 }
                Text {
                    objectName: "printStatus"
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    color: kiosk.printState === "failed" ? Theme.error : Theme.text
                    font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                    text: kiosk.printState === "printing" ? qsTr("Đang in biên nhận…")
                        : kiosk.printState === "printed" ? qsTr("Đã in biên nhận. Ông/⁠Bà vui lòng lấy biên nhận ở khe máy in bên dưới.")
                        : kiosk.printState === "failed" ? qsTr("Máy in chưa in được biên nhận. Hồ sơ vẫn được gửi bình thường. Ông/⁠Bà vui lòng ghi lại hoặc chụp ảnh mã hồ sơ ở trên.")
                        : ""
                }
                KButton {
                    objectName: "printAgainButton"
                    visible: kiosk.printState === "failed"
                    text: qsTr("In lại")
                    fontSize: Theme.textBody
                    implicitHeight: Theme.touchMin
                    onClicked: kiosk.printAgain()
                }
            }
        }
        Item { Layout.fillHeight: true }
    }
}
