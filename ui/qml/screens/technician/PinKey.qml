import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../../components"

// One key of the PIN pad: large, outlined, greyed out while the pad takes no digits.
KButton {
    Layout.fillWidth: true
    Layout.preferredHeight: 150
    fontSize: Theme.title
    opacity: enabled ? 1.0 : 0.45
}
