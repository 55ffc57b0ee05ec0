import QtQuick
import QtQuick.Layouts

// What went wrong and what to do, next to the thing to fix: an icon, a thick border and
// words, never colour alone.
Rectangle {
    id: box
    property string message: ""
    visible: message.length > 0
    color: Theme.errorBackground
    border.color: Theme.error
    border.width: 4
    radius: Theme.radius
    implicitHeight: row.implicitHeight + 2 * Theme.gap

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: Theme.gap
        Rectangle {
            Layout.alignment: Qt.AlignTop
            width: 56; height: 56; radius: 28
            color: Theme.error
            Text {
                anchors.centerIn: parent
                text: "!"
                color: "white"
                font.pixelSize: 40; font.bold: true; font.family: Theme.fontFamily
            }
        }
        Text {
            objectName: "errorText"
            Layout.fillWidth: true
            text: box.message
            wrapMode: Text.WordWrap
            color: Theme.error
            font.pixelSize: Theme.textBody
            font.family: Theme.fontFamily
        }
    }
}
