import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../../components"

// The optional rating after the confirmation: five faces with their words; a face opens
// the optional reasons (Gửi đánh giá, or Bỏ qua to send the face alone). "Bỏ qua" here
// leaves without rating. Nothing of the person or the dossier goes with it.
Rectangle {
    id: pane
    readonly property var view: kiosk.confirmationView
    readonly property var words: JSON.parse(view.ratingWords)
    property int score: 0
    property var picked: []
    objectName: "ratingPane"
    implicitHeight: column.implicitHeight + 2 * Theme.gap
    radius: Theme.radius
    color: Theme.surface
    border.color: Theme.divider
    border.width: 3

    function toggle(value) {
        var i = picked.indexOf(value)
        var next = picked.slice()
        if (i >= 0) next.splice(i, 1); else next.push(value)
        picked = next
        kiosk.touched()
    }

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: Theme.gap / 2
        Text {
            objectName: "ratingThanks"
            visible: pane.view.ratingDone
            Layout.fillWidth: true
            text: qsTr("Cảm ơn Ông/⁠Bà.")
            wrapMode: Text.WordWrap
            color: Theme.success
            font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily
        }
        RowLayout {
            visible: !pane.view.ratingDone
            Layout.fillWidth: true
            spacing: Theme.gap
            Text {
                Layout.fillWidth: true
                text: qsTr("Ông/⁠Bà thấy dùng kiosk thế nào? (không bắt buộc)")
                wrapMode: Text.WordWrap
                color: Theme.text
                font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily
            }
            KButton {
                objectName: "ratingSkipButton"
                text: qsTr("Bỏ qua")
                fontSize: Theme.textBody
                implicitHeight: Theme.touchMin
                onClicked: pane.view.skipRating()
            }
        }
        RowLayout {
            visible: !pane.view.ratingDone
            Layout.fillWidth: true
            spacing: Theme.gap / 2
            Repeater {
                model: pane.words.faces
                Item {
                    required property var modelData
                    objectName: "face_" + modelData.score
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    implicitHeight: Math.max(Theme.touchMin * 2, drawn.height + label.implicitHeight + Theme.gap / 2)
                    RatingFace {
                        id: drawn
                        score: parent.modelData.score
                        chosen: pane.score === parent.modelData.score
                        width: Theme.touchMin; height: Theme.touchMin
                        anchors.horizontalCenter: parent.horizontalCenter
                    }
                    Text {
                        id: label
                        anchors.top: drawn.bottom
                        anchors.topMargin: Theme.gap / 4
                        width: parent.width
                        text: parent.modelData.label
                        horizontalAlignment: Text.AlignHCenter
                        wrapMode: Text.WordWrap
                        color: Theme.text
                        font.pixelSize: Theme.textSmall; font.family: Theme.fontFamily
                    }
                    TapHandler {
                        onTapped: {
                            pane.score = parent.modelData.score
                            pane.picked = []
                            reasons.open()
                            kiosk.touched()
                        }
                    }
                }
            }
        }
    }

    Connections {
        // The inactivity warning is never under a popup.
        target: kiosk
        function onIdleChanged() {
            if (kiosk.idleCountdown >= 0) reasons.close()
        }
    }

    Popup {
        id: reasons
        objectName: "ratingReasons"
        parent: Overlay.overlay
        modal: true
        closePolicy: Popup.NoAutoClose
        anchors.centerIn: parent
        width: parent ? parent.width - 2 * Theme.margin : 0
        height: parent ? Math.min(parent.height - 2 * Theme.margin, box.implicitHeight + 2 * Theme.margin) : 0
        padding: Theme.margin
        background: Rectangle { radius: Theme.radius; color: Theme.surface; border.color: Theme.primary; border.width: 4 }
        ColumnLayout {
            id: box
            anchors.fill: parent
            spacing: Theme.gap
            Text {
                Layout.fillWidth: true
                text: qsTr("Vì sao? Chọn nếu Ông/⁠Bà muốn (không bắt buộc)")
                wrapMode: Text.WordWrap
                color: Theme.text
                font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
            }
            Flickable {
                id: reasonScroll
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredHeight: reasonColumn.implicitHeight
                clip: true
                contentHeight: reasonColumn.implicitHeight
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar {
                    policy: reasonScroll.contentHeight > reasonScroll.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
                    width: 16
                }
                ColumnLayout {
                    id: reasonColumn
                    width: reasonScroll.width - 32
                    spacing: Theme.gap / 2
                    Repeater {
                        model: pane.words.reasons
                        KButton {
                            required property var modelData
                            objectName: "reason_" + modelData.value
                            Layout.fillWidth: true
                            implicitHeight: Math.max(Theme.touchMin, contentItem.implicitHeight + Theme.gap)
                            primary: pane.picked.indexOf(modelData.value) >= 0
                            text: (primary ? "✓ " : "") + modelData.label
                            fontSize: Theme.textBody
                            onClicked: pane.toggle(modelData.value)
                        }
                    }
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.gap
                KButton {
                    objectName: "ratingReasonsSkipButton"
                    Layout.fillWidth: true
                    text: qsTr("Bỏ qua")
                    fontSize: Theme.textBody
                    onClicked: { reasons.close(); pane.view.rate(pane.score, "[]") }
                }
                KButton {
                    objectName: "ratingSendButton"
                    Layout.fillWidth: true
                    primary: true
                    text: qsTr("Gửi đánh giá")
                    fontSize: Theme.textBody
                    onClicked: { reasons.close(); pane.view.rate(pane.score, JSON.stringify(pane.picked)) }
                }
            }
        }
    }
}
