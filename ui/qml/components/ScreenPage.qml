import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The frame of every screen: a header with Back and Help, the content, and the one
// primary action always at the bottom, full width.
Rectangle {
    id: page
    color: Theme.background

    property string stepTitle: ""
    property bool showBack: true
    property string primaryText: ""
    property bool primaryEnabled: true
    property string primaryName: "primaryButton"
    property string helpText: ""
    property bool showStartOver: false
    // true on the screens of a resident's session: "Làm lại từ đầu" beside the primary action
    default property alias content: body.data
    property alias footer: footerSlot.data

    signal primaryClicked()

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.fillWidth: true
            // grows with a larger text size (a title on two lines) rather than clip it
            Layout.preferredHeight: Math.max(136, headerRow.implicitHeight + 2 * Theme.gap)
            color: Theme.banner
            RowLayout {
                id: headerRow
                anchors.fill: parent
                anchors.leftMargin: Theme.gap
                anchors.rightMargin: Theme.gap
                spacing: Theme.gap
                KButton {
                    objectName: "backButton"
                    visible: page.showBack
                    text: "‹ " + qsTr("Quay lại")
                    implicitHeight: Theme.touchMin
                    fontSize: Theme.textBody
                    onClicked: kiosk.back()
                }
                Text {
                    objectName: "stepTitle"
                    Layout.fillWidth: true
                    text: page.stepTitle
                    color: Theme.textOnBanner
                    font.pixelSize: Theme.textLarge
                    font.bold: true
                    font.family: Theme.fontFamily
                    wrapMode: Text.WordWrap
                    horizontalAlignment: page.showBack ? Text.AlignHCenter : Text.AlignLeft
                }
                KButton {
                    objectName: "helpButton"
                    text: qsTr("Trợ giúp")
                    implicitHeight: Theme.touchMin
                    fontSize: Theme.textBody
                    onClicked: helpPopup.open()
                }
            }
        }

        DisplayBar {
            Layout.fillWidth: true
        }

        Item {
            id: body
            objectName: "pageBody"  // what a screen shows stays inside it (tests/ui/test_display_settings.py)
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.margins: Theme.margin
        }

        ColumnLayout {
            id: footerSlot
            Layout.fillWidth: true
            Layout.fillHeight: false  // a layout fills by default: the body gets the room
            Layout.leftMargin: Theme.margin
            Layout.rightMargin: Theme.margin
            Layout.bottomMargin: page.primaryText.length > 0 ? 0 : Theme.margin
            spacing: Theme.gap
        }

        RowLayout {
            // "Làm lại từ đầu" on every screen of a resident's session, beside the one
            // primary action (a third of the width, outlined, and confirmed before it wipes).
            visible: page.primaryText.length > 0 || page.showStartOver
            Layout.fillWidth: true
            Layout.margins: Theme.margin
            Layout.topMargin: Theme.gap
            spacing: Theme.gap
            KButton {
                objectName: "startOverButton"
                visible: page.showStartOver
                Layout.fillWidth: page.primaryText.length === 0
                Layout.preferredWidth: (page.width - 2 * Theme.margin - Theme.gap) / 3
                text: qsTr("Làm lại từ đầu")
                fontSize: Theme.textBody
                onClicked: { kiosk.touched(); startOverPopup.open() }
            }
            KButton {
                objectName: page.primaryName
                visible: page.primaryText.length > 0
                primary: true
                enabled: page.primaryEnabled
                text: page.primaryText
                Layout.fillWidth: true
                onClicked: page.primaryClicked()
            }
        }
    }

    Connections {
        // The inactivity warning must never open underneath help: help makes way for it.
        target: kiosk
        function onIdleChanged() {
            if (kiosk.idleCountdown >= 0) {
                helpPopup.close()
                startOverPopup.close()
            }
        }
    }

    HelpPopup {
        id: helpPopup
        helpText: page.helpText
    }

    Popup {
        id: startOverPopup
        objectName: "startOverPopup"
        modal: true
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.margin
        padding: Theme.margin
        background: Rectangle { color: Theme.surface; radius: Theme.radius; border.color: Theme.error; border.width: 4 }
        contentItem: ColumnLayout {
            spacing: Theme.gap
            Text {
                Layout.fillWidth: true
                text: qsTr("Làm lại từ đầu?")
                font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
                color: Theme.text
            }
            Text {
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                text: qsTr("Mọi thông tin Ông/⁠Bà đã nhập và giấy tờ đã chụp sẽ bị xóa, rồi kiosk trở về trang đầu.")
                font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
                color: Theme.text
            }
            KButton {
                objectName: "startOverConfirmButton"
                Layout.fillWidth: true
                primary: true
                text: qsTr("Xóa và làm lại")
                onClicked: { startOverPopup.close(); kiosk.startOver() }
            }
            KButton {
                objectName: "startOverCancelButton"
                Layout.fillWidth: true
                text: qsTr("Không, tiếp tục làm")
                onClicked: { startOverPopup.close(); kiosk.touched() }
            }
        }
    }
}
