import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Kiosk
import "../../components"

// The fee by VietQR: the code large for any bank's app, the amount, the account and the
// purpose (the tracking code), and whether it was paid ("Đã thanh toán" once the portal
// says so). While the code is made, a progress indicator; when it cannot be, why, in the
// resident's language, and the other ways the procedure allows.
Rectangle {
    id: pane
    readonly property var pay: JSON.parse(kiosk.confirmationView.paymentJson)
    readonly property bool paid: pay.phase === PaymentPhase.Paid
    objectName: "paymentPane"
    visible: pay.phase !== PaymentPhase.None
    implicitHeight: visible ? column.implicitHeight + 2 * Theme.gap : 0
    radius: Theme.radius
    color: paid ? Theme.successBackground : Theme.surface
    border.color: paid ? Theme.success : Theme.primary
    border.width: 4

    function escaped(text) {
        return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    }

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: Theme.gap / 2
        Text {
            visible: !pane.pay.qr
            Layout.fillWidth: true
            text: qsTr("Lệ phí %1: thanh toán bằng mã VietQR").arg(pane.pay.amount || "")
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
        }
        RowLayout {
            objectName: "paymentAsking"
            visible: pane.pay.phase === PaymentPhase.Asking
            Layout.fillWidth: true
            spacing: Theme.gap
            BusyIndicator { running: parent.visible; implicitWidth: Theme.touchMin; implicitHeight: Theme.touchMin }
            Text {
                Layout.fillWidth: true
                text: qsTr("Đang tạo mã thanh toán…")
                wrapMode: Text.WordWrap
                color: Theme.text
                font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
            }
        }
        Text {
            objectName: "paymentFailure"
            visible: pane.pay.phase === PaymentPhase.Failed
            Layout.fillWidth: true
            text: pane.pay.failure || ""
            wrapMode: Text.WordWrap
            color: Theme.error
            font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
        }
        Flow {
            // The code and the transfer in words side by side; one under the other when
            // a larger text size needs the width.
            visible: !!pane.pay.qr
            Layout.fillWidth: true
            spacing: Theme.gap
            Rectangle {
                // The quiet zone stays white in any contrast: bank apps need it.
                visible: !pane.paid  // paid: the code is no longer needed
                width: Math.min(column.width, Theme.touchMin * 4.5)
                height: width
                color: "white"
                Image {
                    id: code
                    objectName: "vietqrImage"
                    anchors.fill: parent
                    source: pane.pay.qr || ""
                    fillMode: Image.PreserveAspectFit
                    smooth: false
                    cache: false
                    opacity: pane.paid ? 0.25 : 1
                }
            }
            ColumnLayout {
                readonly property real beside: column.width - Math.min(column.width, Theme.touchMin * 4.5) - Theme.gap
                width: !pane.paid && beside >= Theme.touchMin * 4 ? beside : column.width
                spacing: Theme.gap / 2
                Text {
                    objectName: "paymentState"
                    Layout.fillWidth: true
                    text: (pane.paid ? "✓ " : "") + (pane.pay.state || "")
                    wrapMode: Text.WordWrap
                    color: pane.paid ? Theme.success : Theme.error
                    font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
                }
                Text {
                    Layout.fillWidth: true
                    text: qsTr("Chuyển khoản bằng mã VietQR")
                    wrapMode: Text.WordWrap
                    color: Theme.text
                    font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily
                }
                Repeater {
                    model: [
                        [qsTr("Số tiền"), pane.pay.amount || ""],
                        [qsTr("Ngân hàng (mã BIN)"), pane.pay.bank || ""],
                        [qsTr("Số tài khoản"), pane.pay.account || ""],
                        [qsTr("Nội dung chuyển khoản"), pane.pay.purpose || ""]
                    ]
                    Text {
                        required property var modelData
                        Layout.fillWidth: true
                        text: modelData[0] + ": <b>" + pane.escaped(modelData[1]) + "</b>"
                        textFormat: Text.StyledText
                        wrapMode: Text.WordWrap
                        color: Theme.text
                        font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                    }
                }
                Text {
                    visible: !pane.paid
                    Layout.fillWidth: true
                    text: qsTr("Mở ứng dụng ngân hàng, chọn quét mã QR và đưa điện thoại vào mã này.")
                    wrapMode: Text.WordWrap
                    color: Theme.textMuted
                    font.pixelSize: Theme.textSmall; font.family: Theme.fontFamily
                }
            }
        }
        Text {
            objectName: "paymentOthers"
            visible: !pane.paid && (pane.pay.others || []).length > 0
            Layout.fillWidth: true
            text: qsTr("Hoặc: %1.").arg((pane.pay.others || []).join("; "))
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
        }
    }
}
