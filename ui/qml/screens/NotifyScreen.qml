import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../components"

// News of the dossier by SMS or Zalo: asked, never assumed. Agreeing records the consent
// and the mobile number with the application; "Không, cảm ơn" costs nothing.
ScreenPage {
    id: page
    readonly property var view: kiosk.resultChoiceView
    property string channel: view.channel
    showStartOver: true
    stepTitle: qsTr("Nhận thông báo về hồ sơ")
    primaryText: qsTr("Đồng ý nhận thông báo")
    primaryName: "notifyAgreeButton"
    helpText: qsTr("Cổng dịch vụ công sẽ nhắn tin khi hồ sơ có kết quả hoặc cần bổ sung. Không đồng ý thì hồ sơ vẫn được xử lý bình thường.")
    onPrimaryClicked: view.agreeToNotify(channel, phoneField.text)

    Component.onCompleted: phoneField.text = view.phone

    footer: KButton {
        objectName: "notifyDeclineButton"
        Layout.fillWidth: true
        text: qsTr("Không, cảm ơn")
        fontSize: Theme.textBody
        onClicked: page.view.declineToNotify()
    }

    Flickable {
        id: scroller
        objectName: "notifyScroller"
        anchors.fill: parent
        clip: true
        contentHeight: column.implicitHeight
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {
            policy: scroller.contentHeight > scroller.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            width: 16
        }
        ColumnLayout {
            id: column
            width: scroller.width - 32  // room for the scroll bar
            spacing: Theme.gap
            Text {
                Layout.fillWidth: true
                text: qsTr("Ông/⁠Bà có muốn được báo khi hồ sơ có tiến triển không?")
                wrapMode: Text.WordWrap
                color: Theme.text
                font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
            }
            Text {
                Layout.fillWidth: true
                text: qsTr("Nếu đồng ý, kiosk gửi số điện thoại này cùng hồ sơ, chỉ để Cổng dịch vụ công báo tình trạng hồ sơ. Không đồng ý thì không mất gì.")
                wrapMode: Text.WordWrap
                color: Theme.text
                font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
            }
            ErrorBox {
                Layout.fillWidth: true
                message: kiosk.error
            }
            Text {
                Layout.fillWidth: true
                text: qsTr("Nhận thông báo qua")
                color: Theme.text
                font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.gap
                KButton {
                    objectName: "channel_sms"
                    Layout.fillWidth: true
                    primary: page.channel === "sms"
                    text: (page.channel === "sms" ? "✓ " : "") + qsTr("Tin nhắn SMS")
                    onClicked: { page.channel = "sms"; kiosk.touched() }
                }
                KButton {
                    objectName: "channel_zalo"
                    Layout.fillWidth: true
                    primary: page.channel === "zalo"
                    text: (page.channel === "zalo" ? "✓ " : "") + "Zalo"
                    onClicked: { page.channel = "zalo"; kiosk.touched() }
                }
            }
            Text {
                Layout.fillWidth: true
                Layout.topMargin: Theme.gap
                text: qsTr("Số điện thoại di động")
                color: Theme.text
                font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily
            }
            KField {
                id: phoneField
                objectName: "notifyPhoneField"
                Layout.fillWidth: true
                invalid: kiosk.error.length > 0
                maximumLength: 15
                inputMethodHints: Qt.ImhDigitsOnly
                placeholderText: qsTr("ví dụ 0912345678")
                onAccepted: page.primaryClicked()
            }
        }
    }
}
