import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../../components"

// The address where the resident lives in the kiosk's own building: the building, ward and
// city already written, one large field for the flat number (the number keypad first;
// letters stay one key away, for flats such as 12A05), and "Địa chỉ khác" for another
// address typed in full. See ui/form_view.py (the "apartment" of the question).
ColumnLayout {
    id: pane
    property var apartment: ({})
    property bool invalid: false
    property bool letters: false
    readonly property alias text: number.text
    signal accepted()
    signal otherAddress()
    spacing: Theme.gap

    function load() {
        number.text = apartment.number || ""
        letters = /[^0-9]/.test(number.text)
        number.forceActiveFocus()
    }

    function useLetters() {
        letters = true
        number.focus = false  // the keyboard reads the new hints when the field takes focus
        number.forceActiveFocus()
        kiosk.touched()
    }

    Text {
        Layout.fillWidth: true
        text: qsTr("Số căn hộ")
        color: Theme.text
        font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
    }
    KField {
        id: number
        objectName: "apartmentField"
        Layout.fillWidth: true
        Layout.preferredHeight: 140
        font.pixelSize: Theme.title
        invalid: pane.invalid
        maximumLength: 10
        placeholderText: qsTr("ví dụ 1205")
        // Most flats are numbers (1205): the large digits keypad. Some carry a letter (12A05
        // where a building skips floor 13, A1205 for a tower): one tap gives the letters.
        inputMethodHints: pane.letters ? Qt.ImhPreferUppercase | Qt.ImhNoPredictiveText
                                       : Qt.ImhDigitsOnly
        onAccepted: pane.accepted()
    }
    Rectangle {
        // the rest of the address, already known: the kiosk's building, ward and city
        Layout.fillWidth: true
        implicitHeight: rest.implicitHeight + 2 * Theme.gap
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.divider
        border.width: 2
        ColumnLayout {
            id: rest
            anchors.fill: parent
            anchors.margins: Theme.gap
            spacing: 4
            Text {
                Layout.fillWidth: true
                text: qsTr("Tòa nhà, phường (đã điền sẵn)")
                color: Theme.textMuted
                font.pixelSize: Theme.textSmall; font.family: Theme.fontFamily
            }
            Text {
                objectName: "apartmentBuilding"
                Layout.fillWidth: true
                text: pane.apartment.building || ""
                wrapMode: Text.WordWrap
                color: Theme.text
                font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
            }
        }
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.gap
        KButton {
            objectName: "apartmentLettersButton"
            visible: !pane.letters
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            fontSize: Theme.textBody
            text: qsTr("Số căn hộ có chữ cái (ví dụ 12A05)")
            onClicked: pane.useLetters()
        }
        KButton {
            // not living in this building: type the whole address instead
            objectName: "otherAddressButton"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            fontSize: Theme.textBody
            text: qsTr("Địa chỉ khác")
            onClicked: pane.otherAddress()
        }
    }
}
