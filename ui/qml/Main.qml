import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import "components"

// The kiosk window: the current screen, the on-screen keyboard, the inactivity countdown
// over everything, and the technician's hidden corner, PIN pad and screen over that.
Window {
    id: window
    objectName: "kioskWindow"
    width: 1080
    height: 1920
    visible: true
    color: Theme.background
    title: "Kiosk dịch vụ công"

    readonly property var screenFiles: ({
        "home": "HomeScreen", "catalogue": "CatalogueScreen", "intro": "IntroScreen",
        "consent": "ConsentScreen", "identify": "IdentifyScreen", "question": "QuestionScreen",
        "review": "ReviewScreen", "submitting": "SubmittingScreen",
        "confirmation": "ConfirmationScreen", "lookup": "LookupScreen"
    })

    // Type text through the on-screen keyboard, key by key (used by the tour and tests).
    function typeOnKeyboard(text) {
        for (var i = 0; i < text.length; i++)
            InputContext.inputEngine.virtualKeyClick(Qt.Key_unknown, text[i], Qt.NoModifier)
    }

    // Press the keyboard's backspace key n times.
    function eraseOnKeyboard(n) {
        for (var i = 0; i < n; i++)
            InputContext.inputEngine.virtualKeyClick(Qt.Key_Backspace, "", Qt.NoModifier)
    }

    MouseArea {
        // The technician's way in: five taps here within three seconds bring up the PIN
        // pad. Under the screens, so that a control in the corner (Back) keeps its taps:
        // only taps on the bare corner count, and none is taken from a resident.
        objectName: "technicianCorner"
        z: -1
        width: 120
        height: 120
        onPressed: kiosk.technicianView.cornerTapped()
    }

    Loader {
        id: screenLoader
        objectName: "screenLoader"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        height: parent.height - (keyboard.active ? keyboard.height : 0)
        source: "screens/" + window.screenFiles[kiosk.screen] + ".qml"
    }

    InputPanel {
        id: keyboard
        objectName: "keyboard"
        z: 10
        width: parent.width
        y: active ? parent.height - height : parent.height
        Component.onCompleted: {
            VirtualKeyboardSettings.locale = "vi_VN"
            VirtualKeyboardSettings.activeLocales = ["vi_VN", "en_US"]
        }
    }

    Loader {
        // The PIN pad, then the technician screen: opaque, over everything, while shown.
        objectName: "technicianLayer"
        anchors.fill: parent
        z: 30
        active: kiosk.technicianView.shownOnScreen
        source: "screens/technician/TechnicianLayer.qml"
    }

    Rectangle {
        id: idleOverlay
        objectName: "idleOverlay"
        anchors.fill: parent
        z: 20
        visible: kiosk.idleCountdown >= 0
        color: "#CC000000"
        MouseArea { anchors.fill: parent; onClicked: kiosk.touched() }
        Rectangle {
            anchors.centerIn: parent
            width: parent.width - 2 * Theme.margin
            height: idleCol.implicitHeight + 2 * Theme.margin
            radius: Theme.radius
            color: Theme.surface
            ColumnLayout {
                id: idleCol
                anchors.fill: parent
                anchors.margins: Theme.margin
                spacing: Theme.margin
                Text {
                    Layout.fillWidth: true
                    text: qsTr("Ông/⁠Bà còn đang làm hồ sơ không?")
                    wrapMode: Text.WordWrap
                    color: Theme.text
                    font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
                }
                Text {
                    Layout.fillWidth: true
                    text: qsTr("Để bảo vệ thông tin của Ông/⁠Bà, kiosk sẽ xóa hồ sơ đang làm sau %1 giây.").arg(kiosk.idleCountdown)
                    wrapMode: Text.WordWrap
                    color: Theme.text
                    font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
                }
                KButton {
                    objectName: "stillHereButton"
                    Layout.fillWidth: true
                    primary: true
                    text: qsTr("Tôi vẫn đang làm")
                    onClicked: kiosk.touched()
                }
            }
        }
    }
}
