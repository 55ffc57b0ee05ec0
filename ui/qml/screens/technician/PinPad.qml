import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Kiosk
import "../../components"

// The technician PIN: digits on large keys, shown as dots only; what went wrong (a wrong
// PIN and the tries left, the lock and when it lifts, no PIN set) under the dots.
Rectangle {
    id: pad
    objectName: "pinPad"
    required property var view
    color: Theme.background

    property string pin: ""
    readonly property bool checking: view.state === TechnicianState.Checking
    readonly property bool locked: view.notice === PinNotice.Locked
    readonly property bool notSet: view.notice === PinNotice.NotSet
    readonly property bool keysEnabled: !checking && !locked && !notSet

    function press(digit) {
        if (pad.keysEnabled && pad.pin.length < pad.view.maxPinLength)
            pad.pin += digit
    }

    function noticeText() {
        if (pad.view.notice === PinNotice.Wrong)
            return qsTr("Mã PIN không đúng. Còn %1 lần thử trước khi bị khoá.").arg(pad.view.attemptsLeft)
        if (pad.view.notice === PinNotice.Locked)
            return qsTr("Đã khoá %1 phút do nhập sai mã PIN %2 lần liên tiếp — thử lại lúc %3.")
                .arg(pad.view.lockMinutes).arg(pad.view.maxAttempts).arg(pad.view.lockedUntil)
        if (pad.view.notice === PinNotice.NotSet)
            return qsTr("Kiosk này chưa có mã PIN kỹ thuật viên. Hãy đặt mã PIN khi cài đặt kiosk (lệnh «kiosk provision») rồi thử lại.")
        return ""
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: 136
            color: Theme.primary
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: Theme.margin
                anchors.rightMargin: Theme.gap
                spacing: Theme.gap
                Text {
                    Layout.fillWidth: true
                    text: qsTr("Dành cho kỹ thuật viên")
                    color: Theme.textOnPrimary
                    font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
                    elide: Text.ElideRight
                }
                KButton {
                    objectName: "pinExitButton"
                    text: qsTr("Thoát")
                    implicitHeight: Theme.touchMin
                    fontSize: Theme.textBody
                    onClicked: pad.view.exit()
                }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.margins: Theme.margin
            spacing: Theme.gap

            Text {
                Layout.fillWidth: true
                text: qsTr("Nhập mã PIN kỹ thuật viên")
                wrapMode: Text.WordWrap
                color: Theme.text
                font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
            }
            Text {
                Layout.fillWidth: true
                text: qsTr("Màn hình bảo trì chỉ dành cho kỹ thuật viên. Nếu Ông/⁠Bà đang làm hồ sơ, xin bấm «Thoát» để quay lại.")
                wrapMode: Text.WordWrap
                color: Theme.textMuted
                font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
            }

            Row {
                // one dot per digit typed, never the digits; six places until more are typed
                objectName: "pinDots"
                Layout.alignment: Qt.AlignHCenter
                Layout.topMargin: Theme.gap
                spacing: 28
                property int typed: pad.pin.length
                Repeater {
                    model: Math.max(pad.view.minPinLength, pad.pin.length)
                    Rectangle {
                        width: 48; height: 48; radius: 24
                        color: index < pad.pin.length ? Theme.text : "transparent"
                        border.color: Theme.text
                        border.width: 4
                    }
                }
            }

            Rectangle {
                // what went wrong: an icon, a border and words, never colour alone
                objectName: "pinNoticeBox"
                Layout.fillWidth: true
                visible: pad.noticeText().length > 0
                implicitHeight: noticeRow.implicitHeight + 2 * Theme.gap
                color: Theme.errorBackground
                border.color: Theme.error
                border.width: 4
                radius: Theme.radius
                RowLayout {
                    id: noticeRow
                    anchors.fill: parent
                    anchors.margins: Theme.gap
                    spacing: Theme.gap
                    Rectangle {
                        Layout.alignment: Qt.AlignTop
                        width: 56; height: 56; radius: 28
                        color: Theme.error
                        Text {
                            anchors.centerIn: parent
                            text: "!"
                            color: "white"
                            font.pixelSize: 36; font.bold: true; font.family: Theme.fontFamily
                        }
                    }
                    Text {
                        objectName: "pinNotice"
                        Layout.fillWidth: true
                        text: pad.noticeText()
                        wrapMode: Text.WordWrap
                        color: Theme.error
                        font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                    }
                }
            }

            RowLayout {
                Layout.alignment: Qt.AlignHCenter
                visible: pad.checking
                spacing: Theme.gap
                BusyIndicator { running: pad.checking; implicitWidth: 72; implicitHeight: 72 }
                Text {
                    objectName: "pinChecking"
                    text: qsTr("Đang kiểm tra mã PIN…")
                    color: Theme.text
                    font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
                }
            }

            Item { Layout.fillHeight: true }

            GridLayout {
                objectName: "pinKeys"
                Layout.fillWidth: true
                columns: 3
                rowSpacing: Theme.gap
                columnSpacing: Theme.gap
                Repeater {
                    model: ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
                    PinKey {
                        objectName: "pinKey" + modelData
                        text: modelData
                        enabled: pad.keysEnabled
                        onClicked: pad.press(modelData)
                    }
                }
                PinKey {
                    objectName: "pinEraseButton"
                    text: "⌫ " + qsTr("Xoá")
                    fontSize: Theme.textLarge
                    enabled: pad.keysEnabled && pad.pin.length > 0
                    onClicked: pad.pin = pad.pin.slice(0, -1)
                }
                PinKey {
                    objectName: "pinKey0"
                    text: "0"
                    enabled: pad.keysEnabled
                    onClicked: pad.press("0")
                }
                PinKey {
                    objectName: "pinClearButton"
                    text: qsTr("Xoá hết")
                    fontSize: Theme.textLarge
                    enabled: pad.keysEnabled && pad.pin.length > 0
                    onClicked: pad.pin = ""
                }
            }
        }

        KButton {
            objectName: "pinSignInButton"
            Layout.fillWidth: true
            Layout.margins: Theme.margin
            Layout.topMargin: Theme.gap
            primary: true
            enabled: pad.keysEnabled && pad.pin.length >= pad.view.minPinLength
            opacity: enabled ? 1.0 : 0.45
            text: qsTr("Đăng nhập")
            onClicked: {
                var typed = pad.pin
                pad.pin = ""  // the digits leave the screen as soon as they are sent
                pad.view.submitPin(typed)
            }
        }
    }
}
