import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../components"

// Identify: hold the QR side of the ID card to the camera, or type the details instead.
ScreenPage {
    stepTitle: qsTr("Đọc thẻ căn cước")
    helpText: qsTr("Mã QR là ô vuông nhỏ màu đen trắng ở mặt sau thẻ căn cước. Giữ thẻ yên trước camera phía trên màn hình, cách khoảng một gang tay.")

    footer: KButton {
        objectName: "typeInsteadButton"
        Layout.fillWidth: true
        text: qsTr("Không dùng thẻ, tự nhập thông tin")
        fontSize: Theme.textBody
        onClicked: kiosk.typeInstead()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.margin
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
        CardPicture { Layout.alignment: Qt.AlignHCenter }
        ErrorBox {
            Layout.fillWidth: true
            message: kiosk.error
        }
        RowLayout {
            Layout.alignment: Qt.AlignHCenter
            spacing: Theme.gap
            BusyIndicator { running: true; implicitWidth: 88; implicitHeight: 88 }
            Text {
                objectName: "identifyStatus"
                text: qsTr("Đang chờ đọc thẻ…")
                color: Theme.text
                font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
            }
        }
        Item { Layout.fillHeight: true }
    }
}
