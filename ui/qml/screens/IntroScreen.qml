import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../components"

// Before you start: what you need, how long it takes (the procedure's own minutes), the fee.
// Scrolls when the resident's text size makes it longer than the screen.
ScreenPage {
    showStartOver: true
    readonly property var proc: JSON.parse(kiosk.catalogueView.procedureJson)
    stepTitle: proc.name || ""
    primaryText: qsTr("Bắt đầu làm hồ sơ")
    primaryName: "introStartButton"
    helpText: qsTr("Màn hình này cho biết Ông/⁠Bà cần chuẩn bị gì trước khi làm hồ sơ.")
    onPrimaryClicked: kiosk.begin()

    Text {
        // Said in words too: not every resident knows a screen scrolls.
        id: moreHint
        objectName: "introMoreHint"
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
        objectName: "introScroller"
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
                text: proc.name || ""
                wrapMode: Text.WordWrap
                color: Theme.text
                font.pixelSize: Theme.title; font.bold: true; font.family: Theme.fontFamily
            }
            Text {
                Layout.fillWidth: true
                text: proc.summary || ""
                wrapMode: Text.WordWrap
                color: Theme.text
                font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
            }
            Text {
                Layout.fillWidth: true
                Layout.topMargin: Theme.gap
                text: qsTr("Ông/⁠Bà cần chuẩn bị:")
                wrapMode: Text.WordWrap
                color: Theme.text
                font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
            }
            Repeater {
                model: proc.documents || []
                Text {
                    required property var modelData
                    Layout.fillWidth: true
                    text: "•  " + modelData
                    wrapMode: Text.WordWrap
                    color: Theme.text
                    font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                }
            }
            Rectangle {
                Layout.fillWidth: true
                Layout.topMargin: Theme.gap
                implicitHeight: facts.implicitHeight + 2 * Theme.gap
                color: Theme.surface
                radius: Theme.radius
                border.color: Theme.divider; border.width: 2
                ColumnLayout {
                    // One fact under its label: at the larger text sizes two columns leave
                    // each a few words a line.
                    id: facts
                    anchors.fill: parent
                    anchors.margins: Theme.gap
                    spacing: 12
                    Repeater {
                        model: [
                            ["introMinutes", qsTr("Thời gian làm tại kiosk"), proc.timeAtKiosk || ""],
                            ["introFee", qsTr("Lệ phí"), proc.fee || qsTr("miễn phí")],
                            ["introProcessingTime", qsTr("Thời hạn giải quyết"), proc.processingTime || ""],
                            ["introOffice", qsTr("Nơi giải quyết"), proc.receivingOffice || ""]
                        ]
                        ColumnLayout {
                            required property var modelData
                            Layout.fillWidth: true
                            spacing: 2
                            Text {
                                Layout.fillWidth: true
                                text: modelData[1]
                                wrapMode: Text.WordWrap
                                color: Theme.textMuted
                                font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                            }
                            Text {
                                objectName: modelData[0]
                                Layout.fillWidth: true
                                text: modelData[2]
                                wrapMode: Text.WordWrap
                                color: Theme.text
                                font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily
                            }
                        }
                    }
                }
            }
        }
    }
}
