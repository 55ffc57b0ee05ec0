import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../components"

// Consent (Decree 13/2023/NĐ-CP): what the kiosk keeps (the card's data, the answers typed,
// the phone number, the papers photographed), where, for how long ([outbox] retention_days),
// who receives it, and that nothing stays after: the words of kiosk/consent_words.py, which
// "Nghe" reads too. Scrolls when the resident's text size makes it longer than the screen.
ScreenPage {
    id: page
    showStartOver: true
    stepTitle: qsTr("Đồng ý sử dụng thông tin")
    primaryText: qsTr("Đồng ý và tiếp tục")
    primaryName: "consentAgreeButton"
    helpText: qsTr("Kiosk cần Ông/⁠Bà đồng ý trước khi đọc thông tin trên thẻ căn cước.")
    onPrimaryClicked: kiosk.consent(true)

    readonly property var words: JSON.parse(kiosk.consentRows)  // kiosk/consent_words.py

    footer: KButton {
        objectName: "consentDeclineButton"
        Layout.fillWidth: true
        text: qsTr("Không đồng ý, quay về màn hình chính")
        fontSize: Theme.textBody
        onClicked: kiosk.consent(false)
    }

    Text {
        // Said in words too: not every resident knows a screen scrolls.
        id: moreHint
        objectName: "consentMoreHint"
        readonly property bool overflows: column.implicitHeight > parent.height
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        height: overflows ? implicitHeight + 8 : 0
        visible: overflows
        opacity: scroller.atYEnd ? 0 : 1
        text: "▼ " + qsTr("Vuốt lên để đọc tiếp")
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignBottom
        color: Theme.textMuted
        font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily
    }

    Flickable {
        id: scroller
        objectName: "consentScroller"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.bottom: moreHint.top
        clip: true
        contentHeight: column.implicitHeight
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {
            policy: scroller.contentHeight > scroller.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            width: 16
        }

        ColumnLayout {
            id: column
            width: scroller.width - 32  // room for the scroll bar
            spacing: Theme.gap
            Text {
                Layout.fillWidth: true
                text: page.words.heading
                wrapMode: Text.WordWrap
                color: Theme.text
                font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
            }
            Repeater {
                model: page.words.rows
                ColumnLayout {
                    required property var modelData
                    required property int index
                    Layout.fillWidth: true
                    spacing: 4
                    Text {
                        Layout.fillWidth: true
                        text: modelData[0]
                        wrapMode: Text.WordWrap
                        color: Theme.textMuted
                        font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily
                    }
                    Text {
                        objectName: "consentText" + index
                        Layout.fillWidth: true
                        text: modelData[1]
                        wrapMode: Text.WordWrap
                        color: Theme.text
                        font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
                    }
                }
            }
        }
    }
}
