import QtQuick
import QtQuick.Layouts
import "../../components"

// One part of the technician screen: a heading and what it holds, on a card.
Rectangle {
    id: section
    property string title: ""
    default property alias content: body.data
    Layout.fillWidth: true
    implicitHeight: body.implicitHeight + 2 * Theme.gap
    color: Theme.surface
    radius: Theme.radius
    border.color: Theme.divider
    border.width: 2

    ColumnLayout {
        id: body
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Theme.gap
        spacing: 12
        Text {
            Layout.fillWidth: true
            text: section.title
            color: Theme.primary
            font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
        }
    }
}
