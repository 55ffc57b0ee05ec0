import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Kiosk
import "../../components"

// The QR side of the ID card held to the camera; the card reader offered beside it.
ColumnLayout {
    id: pane
    required property var identify
    // Whether this pane is the one on show. The busy indicator follows it rather than
    // `visible`, which turns true only once the screen is on the window (a late start).
    property bool shown: true
    visible: shown
    spacing: Theme.textScale > 1 ? Theme.gap : Theme.margin
    Text {
        Layout.fillWidth: true
        text: qsTr("Ông/⁠Bà vui lòng đưa mặt sau thẻ căn cước, có mã QR, vào trước camera")
        wrapMode: Text.WordWrap
        color: Theme.text
        font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
    }
    Text {
        Layout.fillWidth: true
        text: qsTr("Camera ở phía trên màn hình. Giữ thẻ yên trong khung như hình dưới đây.")
        wrapMode: Text.WordWrap
        color: Theme.text
        font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
    }
    Rectangle {
        // What the camera sees, with the frame to hold the card in; the drawing shows
        // how until the first picture arrives. Smaller when larger text needs the room.
        Layout.fillWidth: true
        Layout.fillHeight: true
        Layout.preferredHeight: width * 9 / 16
        Layout.maximumHeight: width * 9 / 16
        Layout.minimumHeight: 200
        radius: Theme.radius
        color: "#2B2B2B"
        clip: true
        Item {
            // the kiosk's one camera picture (ui/camera_view.py), taken in while shown
            id: cameraHolder
            objectName: "cameraPreview"
            anchors.fill: parent
            function hold() {
                const view = kiosk.cameraFeed.view
                view.parent = cameraHolder
                view.anchors.fill = cameraHolder
            }
            Component.onCompleted: hold()
            onVisibleChanged: if (visible) hold()
        }
        CardPicture {
            anchors.centerIn: parent
            visible: !kiosk.cameraFeed.live
        }
        Rectangle {
            // the frame guide: a card-shaped outline in the middle
            anchors.centerIn: parent
            width: parent.width * 0.62
            height: width * 0.63
            color: "transparent"
            radius: 24
            border.color: "#FFD54F"
            border.width: 8
            visible: kiosk.cameraFeed.live
        }
    }
    ErrorBox {
        Layout.fillWidth: true
        message: kiosk.error
    }
    RowLayout {
        Layout.alignment: Qt.AlignHCenter
        spacing: Theme.gap
        BusyIndicator { running: pane.shown; implicitWidth: 88; implicitHeight: 88 }
        Text {
            objectName: "identifyStatus"
            text: qsTr("Đang chờ đọc thẻ…")
            color: Theme.text
            font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
        }
    }
    Text {
        objectName: "readerHint"
        Layout.fillWidth: true
        visible: pane.identify.readerState === ReaderState.Empty
        text: qsTr("Hoặc đặt thẻ lên đầu đọc thẻ bên dưới màn hình để kiosk đọc chip.")
        wrapMode: Text.WordWrap
        horizontalAlignment: Text.AlignHCenter
        color: Theme.text
        font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
    }
    Item {
        // how to hold the card, for as long as the camera picture is up
        visible: kiosk.cameraFeed.live && pane.identify.readerState !== ReaderState.Empty
        Layout.alignment: Qt.AlignHCenter
        implicitWidth: howTo.implicitWidth * howTo.scale
        implicitHeight: howTo.implicitHeight * howTo.scale
        CardPicture { id: howTo; anchors.centerIn: parent; scale: 0.6 }
    }
    Item { Layout.fillHeight: true }
}
