import QtQuick
import QtQuick.Layouts
import "../components"

// Consent (Decree 13/2023/NĐ-CP): what is read from the card, why, who receives it and
// how long it is kept.
ScreenPage {
    id: page
    showStartOver: true
    stepTitle: qsTr("Đồng ý sử dụng thông tin")
    primaryText: qsTr("Đồng ý và tiếp tục")
    primaryName: "consentAgreeButton"
    helpText: qsTr("Kiosk cần Ông/⁠Bà đồng ý trước khi đọc thông tin trên thẻ căn cước.")
    onPrimaryClicked: kiosk.consent(true)

    footer: KButton {
        objectName: "consentDeclineButton"
        Layout.fillWidth: true
        text: qsTr("Không đồng ý, quay về màn hình chính")
        fontSize: Theme.textBody
        onClicked: kiosk.consent(false)
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        Text {
            Layout.fillWidth: true
            text: qsTr("Kiosk sẽ đọc thông tin trên thẻ căn cước của Ông/⁠Bà")
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
        }
        Repeater {
            model: [
                [qsTr("Thông tin được đọc"), qsTr("Họ tên, số định danh cá nhân, ngày sinh, giới tính, nơi thường trú.")],
                [qsTr("Để làm gì"), qsTr("Điền sẵn vào hồ sơ, Ông/⁠Bà không phải gõ lại.")],
                [qsTr("Ai nhận thông tin"), qsTr("Chỉ cơ quan giải quyết hồ sơ, qua Cổng dịch vụ công Hà Nội.")],
                [qsTr("Lưu bao lâu"), qsTr("Kiosk xóa thông tin cá nhân sau khi hồ sơ đã gửi đến cơ quan. Màn hình được xóa ngay khi Ông/⁠Bà bấm Hoàn tất.")]
            ]
            ColumnLayout {
                required property var modelData
                Layout.fillWidth: true
                spacing: 4
                Text {
                    Layout.fillWidth: true
                    text: modelData[0]
                    color: Theme.textMuted
                    font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily
                }
                Text {
                    Layout.fillWidth: true
                    text: modelData[1]
                    wrapMode: Text.WordWrap
                    color: Theme.text
                    font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
                }
            }
        }
        Item { Layout.fillHeight: true }
    }
}
