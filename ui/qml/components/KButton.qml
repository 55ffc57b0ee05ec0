import QtQuick
import QtQuick.Controls.Basic

// A large button. "primary" is the one main action of a screen; the others are outlined.
Button {
    id: control
    property bool primary: false
    focusPolicy: Qt.NoFocus  // a tap must not take the focus (and the keyboard) from a field
    property int fontSize: Theme.textLarge

    // taller when larger text wraps its words onto more lines than the button holds
    implicitHeight: Math.max(Theme.buttonHeight, contentItem.implicitHeight + 2 * Theme.gap)
    implicitWidth: Math.max(Theme.touchMin * 3, contentItem.implicitWidth + 2 * Theme.margin)
    font.family: Theme.fontFamily
    font.pixelSize: fontSize
    font.bold: primary

    contentItem: Text {
        text: control.text
        font: control.font
        color: control.primary ? Theme.textOnPrimary : Theme.primary
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.WordWrap
    }
    background: Rectangle {
        radius: Theme.radius
        color: control.primary ? (control.down ? Theme.primaryPressed : Theme.primary)
                               : (control.down ? Theme.highlight : Theme.surface)
        border.width: control.primary ? 0 : 4
        border.color: Theme.secondaryBorder
    }
}
