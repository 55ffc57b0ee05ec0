import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
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
        "confirmation": "ConfirmationScreen", "lookup": "LookupScreen",
        "delivery": "DeliveryScreen", "notify": "NotifyScreen"
    })

    // Type text through the on-screen keyboard, key by key (used by the tour and tests).
    function typeOnKeyboard(text) {
        keyboard.panel.typeText(text)
    }

    // Press the keyboard's backspace key n times.
    function eraseOnKeyboard(n) {
        keyboard.panel.erase(n)
    }

    MouseArea {
        // The technician's way in: five taps here within three seconds bring up the PIN
        // pad. Under the screens, so that a control in the corner (Back) keeps its taps:
        // only taps on the bare corner count, and none is taken from a resident.
        objectName: "technicianCorner"
        z: -1
        width: 120
        height: 120
        onPressed: kiosk.technicianCorner()
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

    // The on-screen keyboard, made when a resident first leaves the home screen, once the
    // next screen is drawn (not at start: it, its module and the sound library it loads
    // cost the first frame time and memory; and not when a field first has the focus: made
    // then, it would show some 100 ms late), or by a field that has the focus before that;
    // then kept. Made while a field has the focus, it shows for it at once.
    // Its look and its layouts are the kiosk's own, from ui/keyboard (ui/application.py
    // points Qt there): light keys of 34 px labels or more, Vietnamese with a row of tone
    // marks and one of â ă ê ô ơ ư đ (no long press), a large number pad for digits.
    Item {
        id: keyboard
        objectName: "keyboardArea"
        property Item panel: null
        readonly property bool wanted: window.activeFocusItem !== null
                                       && window.activeFocusItem.inputMethodHints !== undefined
        readonly property bool visiting: kiosk.screen !== "home"
        readonly property bool active: panel !== null && panel.active
        z: 10
        width: parent.width
        height: panel !== null ? panel.height : 0
        y: active ? parent.height - height : parent.height
        onWantedChanged: if (wanted) make()
        onVisitingChanged: if (visiting && panel === null) makeAfterFrame.start()
        Timer {
            id: makeAfterFrame
            objectName: "keyboardTimer"
            interval: 100  // the new screen's first frame goes out first
            onTriggered: keyboard.make()
        }
        function make() {
            if (panel === null) panel = Qt.createQmlObject(`
            import QtQuick
            import QtQuick.VirtualKeyboard
            import QtQuick.VirtualKeyboard.Settings
            InputPanel {
                objectName: "keyboard"
                width: parent.width
                // Keys pressed by typeText and erase before the keyboard has its input method
                // (it gets it just after it is made) are pressed as soon as it has it.
                property var waiting: []
                function typeText(text) { press(text.split("").map(key => [Qt.Key_unknown, key])) }
                function erase(n) { press(Array(n).fill([Qt.Key_Backspace, ""])) }
                function press(keys) {
                    waiting = waiting.concat(keys)
                    if (InputContext.inputEngine.inputMethod === null)
                        return
                    var now = waiting
                    waiting = []
                    for (var i = 0; i < now.length; i++)
                        InputContext.inputEngine.virtualKeyClick(now[i][0], now[i][1], Qt.NoModifier)
                }
                Connections {
                    target: InputContext.inputEngine
                    function onInputMethodChanged() { press([]) }
                }
                Component.onCompleted: {
                    VirtualKeyboardSettings.locale = "vi_VN"
                    VirtualKeyboardSettings.activeLocales = ["vi_VN", "en_US"]
                }
            }`, keyboard, "KeyboardPanel")
            // Made with no field to type into: closed, whatever the input method last said
            // (a window made before this one may have left it open).
            if (!wanted)
                Qt.inputMethod.hide()
        }
    }

    Loader {
        // The PIN pad, then the technician screen: opaque, over everything, while shown.
        objectName: "technicianLayer"
        anchors.fill: parent
        z: 30
        active: kiosk.technicianShown
        source: "screens/technician/TechnicianLayer.qml"
    }

    Loader {
        // The inactivity countdown, over everything but the technician's layer: made while
        // it shows, not with the home screen's first frame.
        anchors.fill: parent
        z: 20
        active: kiosk.idleCountdown >= 0
        sourceComponent: Rectangle {
            id: idleOverlay
            objectName: "idleOverlay"
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
}
