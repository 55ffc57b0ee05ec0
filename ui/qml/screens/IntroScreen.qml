import QtQuick
import QtQuick.Layouts
import "../components"

// Before you start: what you need, how long it takes, the fee.
ScreenPage {
    showStartOver: true
    readonly property var proc: JSON.parse(kiosk.catalogueView.procedureJson)
    stepTitle: proc.name || ""
    primaryText: qsTr("Bắt đầu làm hồ sơ")
    primaryName: "introStartButton"
    helpText: qsTr("Màn hình này cho biết Ông/⁠Bà cần chuẩn bị gì trước khi làm hồ sơ.")
    onPrimaryClicked: kiosk.begin()

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        Text {
            Layout.fillWidth: true
            text: proc.name || ""
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.title; font.bold: true; font.family: Theme.fontFamily
        }
        Text {
            Layout.fillWidth: true
            text: proc.summary || ""
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
        }
        Text {
            Layout.topMargin: Theme.gap
            text: qsTr("Ông/⁠Bà cần chuẩn bị:")
            color: Theme.text
            font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
        }
        Repeater {
            model: proc.documents || []
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
            implicitHeight: facts.implicitHeight + 2 * Theme.gap
            color: Theme.surface
            radius: Theme.radius
            border.color: Theme.divider; border.width: 2
            GridLayout {
                id: facts
                anchors.fill: parent
                anchors.margins: Theme.gap
                columns: 2
                columnSpacing: Theme.gap
                rowSpacing: 12
                Text { text: qsTr("Thời gian làm tại kiosk"); color: Theme.textMuted; font.pixelSize: Theme.textBody; font.family: Theme.fontFamily }
                Text { Layout.fillWidth: true; text: qsTr("khoảng 5 phút"); wrapMode: Text.WordWrap; color: Theme.text; font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily }
                Text { text: qsTr("Lệ phí"); color: Theme.textMuted; font.pixelSize: Theme.textBody; font.family: Theme.fontFamily }
                Text { Layout.fillWidth: true; text: proc.fee || qsTr("miễn phí"); wrapMode: Text.WordWrap; color: Theme.text; font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily }
                Text { text: qsTr("Thời hạn giải quyết"); color: Theme.textMuted; font.pixelSize: Theme.textBody; font.family: Theme.fontFamily }
                Text { Layout.fillWidth: true; text: proc.processingTime || ""; wrapMode: Text.WordWrap; color: Theme.text; font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily }
                Text { text: qsTr("Nơi giải quyết"); color: Theme.textMuted; font.pixelSize: Theme.textBody; font.family: Theme.fontFamily }
                Text { Layout.fillWidth: true; text: proc.receivingOffice || ""; wrapMode: Text.WordWrap; color: Theme.text; font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily }
            }
        }
        Item { Layout.fillHeight: true }
    }
}
