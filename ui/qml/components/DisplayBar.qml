import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The display controls, in a strip under the banner of the home screen and of every screen:
// the text size in three steps ("Cỡ chữ" A A A) and high contrast ("Tương phản cao"). The
// choice lasts for the session (kiosk.textSize, kiosk.highContrast) and goes back to normal
// at the wipe. The strip itself keeps one size, so its buttons stay under the finger.
Rectangle {
    id: bar
    objectName: "displayBar"
    implicitHeight: displayBarRow.implicitHeight + Theme.gap
    color: Theme.background

    readonly property int wordSize: 30

    component Choice: Button {
        id: choice
        property int glyphSize: bar.wordSize
        focusPolicy: Qt.NoFocus
        checkable: false
        implicitHeight: Theme.touchMin
        implicitWidth: Math.max(Theme.touchMin, contentItem.implicitWidth + 2 * Theme.gap)
        font.family: Theme.fontFamily
        font.pixelSize: glyphSize
        font.bold: true
        contentItem: Text {
            text: choice.text
            font: choice.font
            color: choice.checked ? Theme.textOnPrimary : Theme.primary
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
        }
        background: Rectangle {
            radius: Theme.radius
            color: choice.checked ? (choice.down ? Theme.primaryPressed : Theme.primary)
                                  : (choice.down ? Theme.highlight : Theme.surface)
            border.width: 4
            border.color: Theme.secondaryBorder
        }
    }

    RowLayout {
        id: displayBarRow
        objectName: "displayBarRow"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.leftMargin: Theme.gap
        anchors.rightMargin: Theme.gap
        spacing: Theme.gap / 2

        Text {
            text: qsTr("Cỡ chữ")
            color: Theme.text
            font.pixelSize: bar.wordSize; font.family: Theme.fontFamily
        }
        Repeater {
            model: [["normal", 30], ["large", 38], ["largest", 46]]
            Choice {
                required property var modelData
                objectName: "textSize_" + modelData[0]
                text: "A"
                glyphSize: modelData[1]
                checked: kiosk.textSize === modelData[0]
                Accessible.name: modelData[0] === "normal" ? qsTr("Chữ cỡ thường")
                               : modelData[0] === "large" ? qsTr("Chữ lớn") : qsTr("Chữ lớn nhất")
                onClicked: kiosk.setTextSize(modelData[0])
            }
        }
        Item { Layout.preferredWidth: Theme.gap / 2 }
        Choice {
            objectName: "highContrastButton"
            text: qsTr("Tương phản cao")
            checked: kiosk.highContrast
            onClicked: kiosk.setHighContrast(!kiosk.highContrast)
        }
        Item { Layout.fillWidth: true }
        ListenButton { fontSize: bar.wordSize }
    }
}
