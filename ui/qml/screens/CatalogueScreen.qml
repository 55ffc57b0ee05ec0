import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../components"

// Choose the procedure: grouped by area, fee and time visible on each.
ScreenPage {
    showStartOver: true
    stepTitle: qsTr("Chọn thủ tục")
    helpText: qsTr("Chạm vào tên thủ tục Ông/⁠Bà muốn làm.")

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        Text {
            Layout.fillWidth: true
            text: qsTr("Ông/⁠Bà muốn làm thủ tục nào?")
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
        }
        KField {
            id: searchField
            objectName: "catalogueSearch"
            Layout.fillWidth: true
            // two lines for the hint when larger text needs them, never cut short
            Layout.preferredHeight: Math.max(Theme.touchMin + 8, searchHint.implicitHeight + 16)
            font.pixelSize: Theme.textLarge
            inputMethodHints: Qt.ImhNoPredictiveText
            onTextEdited: kiosk.catalogueView.search(text)
            Text {
                id: searchHint
                objectName: "catalogueSearchHint"
                visible: searchField.text.length === 0 && !searchField.preeditText
                x: searchField.leftPadding
                width: searchField.width - searchField.leftPadding - searchField.rightPadding
                anchors.verticalCenter: parent.verticalCenter
                text: qsTr("Tìm thủ tục, ví dụ: tạm trú")
                wrapMode: Text.WordWrap
                color: Theme.textMuted
                font: searchField.font
            }
        }
        Text {
            objectName: "noProcedureFound"
            visible: list.count === 0
            Layout.fillWidth: true
            text: qsTr("Không tìm thấy thủ tục nào. Ông/⁠Bà thử gõ từ khác, ví dụ: khai sinh.")
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
        }
        ListView {
            id: list
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            // every procedure made, not only those in view: with larger text a few fill
            // the screen, and a tap by objectName (the tour) scrolls to any of them
            cacheBuffer: 6000
            spacing: Theme.gap
            model: JSON.parse(kiosk.catalogueView.proceduresJson)
            // sections by area when browsing; a search lists the best match first
            section.property: searchField.text.length > 0 ? "" : "area"
            section.delegate: Text {
                width: list.width
                topPadding: Theme.gap
                text: section
                color: Theme.textMuted
                font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
            }
            delegate: Rectangle {
                required property var modelData
                objectName: "procedure_" + modelData.code
                width: list.width
                height: col.implicitHeight + 2 * Theme.gap
                radius: Theme.radius
                color: tap.pressed ? Theme.highlight : Theme.surface
                border.color: Theme.primary
                border.width: 3
                ColumnLayout {
                    id: col
                    anchors.fill: parent
                    anchors.margins: Theme.gap
                    spacing: 8
                    Text {
                        Layout.fillWidth: true
                        text: modelData.name + "  ›"
                        wrapMode: Text.WordWrap
                        color: Theme.primary
                        font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
                    }
                    Text {
                        Layout.fillWidth: true
                        text: modelData.summary
                        wrapMode: Text.WordWrap
                        color: Theme.text
                        font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                    }
                    Text {
                        Layout.fillWidth: true
                        text: qsTr("Lệ phí: %1 · Thời hạn: %2")
                              .arg(modelData.feeShort)
                              .arg(modelData.processingTime)
                        wrapMode: Text.WordWrap
                        color: Theme.textMuted
                        font.pixelSize: Theme.textSmall; font.family: Theme.fontFamily
                    }
                }
                TapHandler { id: tap; onTapped: kiosk.chooseProcedure(modelData.code) }
            }
        }
    }
}
