import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// Help, one tap away on every screen: what this step needs (helpText), the hotline, and who
// in the building helps at the kiosk ([kiosk] building_contact), large.
Popup {
    id: popup
    objectName: "helpPopup"
    property string helpText: ""
    modal: true
    anchors.centerIn: parent
    width: parent.width - 2 * Theme.margin
    padding: Theme.margin
    background: Rectangle { color: Theme.surface; radius: Theme.radius; border.color: Theme.primary; border.width: 4 }
    contentItem: ColumnLayout {
        spacing: Theme.gap
        Text {
            Layout.fillWidth: true
            text: qsTr("Cần giúp đỡ?")
            font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
            color: Theme.text
        }
        Text {
            Layout.fillWidth: true
            visible: popup.helpText.length > 0
            wrapMode: Text.WordWrap
            text: popup.helpText
            font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
            color: Theme.text
        }
        Text {
            objectName: "helpHotline"
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            text: qsTr("Gọi tổng đài %1 hoặc nhờ ban quản lý tòa nhà hướng dẫn.").arg(kiosk.hotline)
            font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
            color: Theme.text
        }
        Text {
            objectName: "helpBuildingContact"
            Layout.fillWidth: true
            visible: kiosk.buildingContact.length > 0
            wrapMode: Text.WordWrap
            text: kiosk.buildingContact
            font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
            color: Theme.text
        }
        KButton {
            objectName: "helpCloseButton"
            Layout.fillWidth: true
            primary: true
            text: qsTr("Đóng")
            onClicked: popup.close()
        }
    }
}
