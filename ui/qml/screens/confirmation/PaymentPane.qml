import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Kiosk
import "../../components"

// The fee by VietQR: the code large for any bank's app, the amount, the account and the
// purpose (the tracking code), and whether it was paid ("Đã thanh toán" once the portal
// says so). While the code is made, a progress indicator in the code's own place; when it
// cannot be made, why, in the resident's language, and the other ways the procedure allows.
// What is below (what happens next, the rating) must not move under a finger reaching for
// it: the pane never gets shorter while it shows (only a new text size or language re-measures
// it), and paid, the code stays in its place, faded under a tick.
Rectangle {
    id: pane
    readonly property var pay: JSON.parse(kiosk.confirmationView.paymentJson)
    readonly property bool paid: pay.phase === PaymentPhase.Paid
    readonly property bool asking: pay.phase === PaymentPhase.Asking
    objectName: "paymentPane"
    visible: pay.phase !== PaymentPhase.None
    readonly property real natural: visible ? column.implicitHeight + 2 * Theme.gap : 0
    readonly property string look: kiosk.textSize + " " + kiosk.language
    property real tallest: 0
    onNaturalChanged: if (natural > tallest) tallest = natural
    onLookChanged: tallest = natural
    implicitHeight: visible ? Math.max(natural, tallest) : 0
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
            visible: !pane.pay.qr && !pane.asking
            Layout.fillWidth: true
            text: qsTr("Lệ phí %1: thanh toán bằng mã VietQR").arg(pane.pay.amount || "")
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
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
            visible: !!pane.pay.qr || pane.asking
            Layout.fillWidth: true
            spacing: Theme.gap
            Rectangle {
                // The quiet zone stays white in any contrast: bank apps need it.
                width: Math.min(column.width, Theme.touchMin * 4.5)
                height: width
                color: "white"
                BusyIndicator {
                    objectName: "paymentAsking"
                    visible: pane.asking
                    running: visible
                    anchors.centerIn: parent
                    width: Theme.touchMin * 1.5; height: width
                }
                Image {
                    id: code
                    objectName: "vietqrImage"
                    visible: !!pane.pay.qr
                    anchors.fill: parent
                    source: pane.pay.qr || ""
                    fillMode: Image.PreserveAspectFit
                    smooth: false
                    cache: false
                    opacity: pane.paid ? 0.15 : 1  // paid: no longer needed
                }
                Text {
                    visible: pane.paid
                    anchors.centerIn: parent
                    text: "✓"
                    color: Theme.success
                    font.pixelSize: parent.height * 0.6; font.bold: true; font.family: Theme.fontFamily
                }
            }
            ColumnLayout {
                // The transfer in words. Its lines keep, from the start, the room the longest
                // words they may show need (at the bottom, under the hint), so the code
                // arriving moves nothing below the pane.
                id: transfer
                readonly property real beside: column.width - Math.min(column.width, Theme.touchMin * 4.5) - Theme.gap
                property real rowsSpare: 0
                function recount() {
                    var total = 0
                    for (var i = 0; i < rows.count; i++) {
                        var row = rows.itemAt(i)
                        if (row) total += row.spare
                    }
                    rowsSpare = total
                }
                width: beside >= Theme.touchMin * 4 ? beside : column.width
                spacing: Theme.gap / 2
                Text {
                    id: stateLine
                    readonly property string making: qsTr("Đang tạo mã…")
                    objectName: "paymentState"
                    readonly property real spare: Math.max(makingWords.implicitHeight, unpaidWords.implicitHeight, paidWords.implicitHeight) - implicitHeight
                    Layout.fillWidth: true
                    text: pane.asking ? making : (pane.paid ? "✓ " : "") + (pane.pay.state || "")
                    wrapMode: Text.WordWrap
                    color: pane.asking ? Theme.text : pane.paid ? Theme.success : Theme.error
                    font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
                    Text {
                        id: makingWords
                        visible: false  // measured, never shown
                        width: stateLine.width
                        text: stateLine.making
                        wrapMode: stateLine.wrapMode
                        font: stateLine.font
                    }
                    Text {
                        id: unpaidWords
                        visible: false
                        width: stateLine.width
                        text: (pane.pay.stateWords || [""])[0]
                        wrapMode: stateLine.wrapMode
                        font: stateLine.font
                    }
                    Text {
                        id: paidWords
                        visible: false
                        width: stateLine.width
                        text: "✓ " + (pane.pay.stateWords || ["", ""])[1]
                        wrapMode: stateLine.wrapMode
                        font: stateLine.font
                    }
                }
                Text {
                    Layout.fillWidth: true
                    text: qsTr("Chuyển khoản bằng mã VietQR")
                    wrapMode: Text.WordWrap
                    color: Theme.text
                    font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily
                }
                Repeater {
                    // The label, the value, and the longest value the portal may send (the
                    // VietQR fields' limits: a 6-digit BIN, an account of up to 19 digits, a
                    // purpose of up to 25 characters).
                    id: rows
                    model: [
                        [qsTr("Số tiền"), pane.pay.amount || "", pane.pay.amount || ""],
                        [qsTr("Ngân hàng (mã BIN)"), pane.pay.bank || "", "888888"],
                        [qsTr("Số tài khoản"), pane.pay.account || "", "8888888888888888888"],
                        [qsTr("Nội dung chuyển khoản"), pane.pay.purpose || "", "WWWWWWWWWWWWWWWWWWWWWWWWW"]
                    ]
                    Text {
                        id: line
                        required property var modelData
                        readonly property real spare: Math.max(0, longest.implicitHeight - implicitHeight)
                        onSpareChanged: transfer.recount()
                        Component.onCompleted: transfer.recount()
                        Layout.fillWidth: true
                        // "…" while the code is made.
                        text: modelData[0] + ": <b>" + (modelData[1] ? pane.escaped(modelData[1]) : "…") + "</b>"
                        textFormat: Text.StyledText
                        wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                        color: Theme.text
                        font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                        Text {
                            id: longest
                            visible: false  // measured, never shown
                            width: line.width
                            text: line.modelData[0] + ": <b>" + line.modelData[2] + "</b>"
                            textFormat: Text.StyledText
                            wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                            font: line.font
                        }
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
                Item { Layout.preferredHeight: Math.max(0, stateLine.spare) + transfer.rowsSpare }
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
