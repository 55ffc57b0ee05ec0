import QtQuick

// A drawing of the back of a citizen ID card with its QR code, held towards the camera.
Item {
    id: pic
    implicitWidth: 640
    implicitHeight: 400

    Rectangle {
        id: card
        width: 560; height: 354
        anchors.centerIn: parent
        rotation: -6
        radius: 24
        color: "#E8EEF5"
        border.color: "#5A7390"
        border.width: 4
        Column {
            x: 36; y: 44; spacing: 22
            Repeater {
                model: 5
                Rectangle { width: 230 - index * 18; height: 16; radius: 8; color: "#A9B7C6" }
            }
        }
        Rectangle {
            id: qr
            width: 200; height: 200
            anchors.right: parent.right; anchors.rightMargin: 40
            anchors.verticalCenter: parent.verticalCenter
            color: "white"
            border.color: "#1A1A1A"; border.width: 3
            Grid {
                anchors.centerIn: parent
                columns: 7; spacing: 4
                Repeater {
                    model: 49
                    Rectangle {
                        width: 20; height: 20
                        color: [0, 1, 2, 5, 6, 7, 13, 14, 20, 24, 28, 34, 35, 41, 42, 43, 44,
                                46, 47, 48, 10, 17, 31, 38].indexOf(index) >= 0 ? "#1A1A1A" : "white"
                    }
                }
            }
        }
    }
    Rectangle {
        // the frame the card should be held in
        anchors.fill: parent
        color: "transparent"
        border.color: Theme.primary
        border.width: 6
        radius: 32
    }
}
