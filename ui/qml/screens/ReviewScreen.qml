import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../components"

// Check your answers: every fact the application carries, with a Change button for each
// answer; facts read from the ID card are marked as such.
ScreenPage {
    showStartOver: true
    stepTitle: qsTr("Kiểm tra lại thông tin")
    primaryText: qsTr("Gửi hồ sơ")
    primaryName: "submitButton"
    helpText: qsTr("Đọc lại từng dòng. Bấm Sửa để sửa một câu trả lời. Khi mọi thông tin đã đúng, bấm Gửi hồ sơ.")
    onPrimaryClicked: kiosk.confirmationView.submit()

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        Text {
            Layout.fillWidth: true
            text: qsTr("Ông/⁠Bà vui lòng kiểm tra lại trước khi gửi")
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
        }
        ErrorBox {
            Layout.fillWidth: true
            message: kiosk.error
        }
        ListView {
            id: list
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            // every answer made, not only those in view: with larger text a few fill the
            // screen, and a tap by objectName (the tour) scrolls to any of them
            cacheBuffer: 6000
            spacing: 0
            model: JSON.parse(kiosk.formView.reviewRowsJson)
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AlwaysOn; width: 16 }
            header: Item {
                // The papers asked for, above the answers: those not photographed first, with
                // a way to take them before sending.
                width: list.width - 32
                height: papers.visible ? papers.height + Theme.gap : 0
                Rectangle {
                    id: papers
                    objectName: "papersList"
                    readonly property var rows: JSON.parse(kiosk.formView.papersJson || "[]")
                    visible: rows.length > 0
                    width: parent.width
                    height: paperRows.implicitHeight + 2 * Theme.gap
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: Theme.divider; border.width: 3
                    ColumnLayout {
                        id: paperRows
                        anchors.fill: parent
                        anchors.margins: Theme.gap
                        spacing: Theme.gap / 2
                        Text {
                            text: qsTr("Giấy tờ")
                            color: Theme.text
                            font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
                        }
                        Repeater {
                            model: papers.rows
                            delegate: RowLayout {
                                required property var modelData
                                objectName: "paper_" + modelData.id
                                Layout.fillWidth: true
                                spacing: Theme.gap
                                Text {
                                    // ✓ or ✗ with the words: the colour is never the only sign
                                    text: modelData.missing ? "✗" : "✓"
                                    color: modelData.missing ? Theme.error : Theme.success
                                    font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
                                }
                                Text {
                                    Layout.fillWidth: true
                                    text: modelData.name + " — " + modelData.status
                                    wrapMode: Text.WordWrap
                                    color: modelData.missing ? Theme.error : Theme.text
                                    font.pixelSize: Theme.textBody; font.bold: modelData.missing; font.family: Theme.fontFamily
                                }
                                KButton {
                                    objectName: "takePaper_" + modelData.id
                                    visible: modelData.missing
                                    text: qsTr("Chụp")
                                    implicitHeight: Theme.touchMin
                                    fontSize: Theme.textBody
                                    onClicked: kiosk.formView.change(modelData.id)
                                }
                            }
                        }
                    }
                }
            }
            // Back from a Change: show the answer just changed, not the top of the list.
            Component.onCompleted: {
                for (var i = 0; i < model.length; i++) {
                    if (model[i].id === kiosk.formView.lastChanged) {
                        positionViewAtIndex(i, ListView.Center)
                        break
                    }
                }
            }
            delegate: Rectangle {
                required property var modelData
                width: list.width - 32
                height: row.implicitHeight + 2 * Theme.gap
                color: "transparent"
                Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 2; color: Theme.divider }
                RowLayout {
                    id: row
                    anchors.fill: parent
                    anchors.topMargin: Theme.gap
                    anchors.bottomMargin: Theme.gap
                    spacing: Theme.gap
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 4
                        Text {
                            Layout.fillWidth: true
                            text: modelData.label
                            wrapMode: Text.WordWrap
                            color: Theme.textMuted
                            font.pixelSize: Theme.textSmall; font.family: Theme.fontFamily
                        }
                        Text {
                            Layout.fillWidth: true
                            text: modelData.value
                            wrapMode: Text.WordWrap
                            color: Theme.text
                            font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily
                        }
                    }
                    KButton {
                        objectName: "change_" + modelData.id
                        visible: modelData.changeable
                        text: qsTr("Sửa")
                        implicitHeight: Theme.touchMin
                        implicitWidth: Math.max(180, contentItem.implicitWidth + 2 * Theme.gap)
                        fontSize: Theme.textBody
                        onClicked: kiosk.formView.change(modelData.id)
                    }
                    Text {
                        visible: !modelData.changeable
                        Layout.preferredWidth: 180
                        text: qsTr("Từ thẻ căn cước")
                        wrapMode: Text.WordWrap
                        horizontalAlignment: Text.AlignHCenter
                        color: Theme.textMuted
                        font.pixelSize: Theme.textSmall; font.family: Theme.fontFamily
                    }
                }
            }
        }
    }
}
