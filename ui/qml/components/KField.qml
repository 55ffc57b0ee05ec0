import QtQuick
import QtQuick.Controls.Basic

// A text field at kiosk size: large text, a thick frame that thickens with focus and turns
// red while the answer in it is refused.
TextField {
    id: field
    property bool invalid: false
    implicitHeight: 120
    font.pixelSize: Theme.textLarge + 4
    font.family: Theme.fontFamily
    color: Theme.text
    placeholderTextColor: Theme.textMuted
    leftPadding: Theme.gap
    onTextEdited: kiosk.touched()
    background: Rectangle {
        radius: Theme.radius
        color: Theme.surface
        border.width: field.activeFocus ? 6 : 3
        border.color: field.invalid ? Theme.error : Theme.primary
    }
}
