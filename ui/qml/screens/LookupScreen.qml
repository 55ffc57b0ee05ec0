import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Kiosk
import "../components"

// Look up an application: type the code on the receipt or show the receipt's QR code to the
// camera; then where the application is and what to do next. Nothing personal shows here.
ScreenPage {
    id: page
    readonly property var lookup: kiosk.lookupView
    readonly property bool asking: lookup.state === "asking"
    readonly property bool found: lookup.state === "found"
    readonly property var dossier: found ? JSON.parse(lookup.resultJson) : ({})
    readonly property color toneColour: ({
        "done": Theme.success, "problem": Theme.error, "waiting": "#7A5A00", "progress": Theme.primary
    })[dossier.tone || "progress"]
    readonly property color toneBackground: ({
        "done": Theme.successBackground, "problem": Theme.errorBackground,
        "waiting": Theme.highlight, "progress": "#E6EEF6"
    })[dossier.tone || "progress"]
    // words and a mark, never colour alone
    readonly property string toneMark: ({ "done": "✓ ", "problem": "! " })[dossier.tone || ""] || ""

    // a code found is done with: the next resident's look-up starts from an empty field
    onFoundChanged: if (found) codeField.clear()

    function search() {
        codeField.focus = false
        Qt.inputMethod.hide()
        kiosk.touched()
        lookup.lookUp(codeField.text)
    }

    stepTitle: qsTr("Tra cứu hồ sơ")
    helpText: qsTr("Mã hồ sơ in to ở giữa biên nhận, bắt đầu bằng HN, ví dụ HN-7K3M-Q9PD. Mã QR ngay dưới mã hồ sơ cũng dùng để tra cứu.")
    primaryText: asking ? qsTr("Tra cứu") : (found ? qsTr("Xong, về trang đầu") : "")
    primaryName: asking ? "lookupButton" : "lookupDoneButton"
    onPrimaryClicked: asking ? page.search() : kiosk.finish()

    footer: KButton {
        objectName: "lookupAgainButton"
        Layout.fillWidth: true
        visible: page.found
        text: qsTr("Tra cứu mã khác")
        fontSize: Theme.textBody
        onClicked: { kiosk.touched(); lookup.again() }
    }

    ColumnLayout {
        // asking for the code
        anchors.fill: parent
        spacing: Theme.gap
        visible: page.asking
        Text {
            Layout.fillWidth: true
            text: qsTr("Ông/⁠Bà nhập mã hồ sơ in trên biên nhận")
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
        }
        Text {
            Layout.fillWidth: true
            text: qsTr("Mã có dạng HN-7K3M-Q9PD. Chỉ cần nhập 8 chữ và số sau chữ HN.")
            wrapMode: Text.WordWrap
            color: Theme.textMuted
            font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
        }
        KField {
            id: codeField
            objectName: "lookupField"
            Layout.fillWidth: true
            maximumLength: 20
            font.letterSpacing: 4
            font.capitalization: Font.AllUppercase
            placeholderText: "HN-____-____"
            invalid: page.lookup.error.length > 0
            inputMethodHints: Qt.ImhUppercaseOnly | Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase
            onAccepted: page.search()
        }
        ErrorBox {
            objectName: "lookupError"
            Layout.fillWidth: true
            message: page.lookup.error
        }
        Text {
            Layout.fillWidth: true
            Layout.topMargin: Theme.gap
            visible: !Qt.inputMethod.visible
            text: qsTr("Hoặc đưa mã QR trên biên nhận (ngay dưới mã hồ sơ) vào trước camera phía trên màn hình.")
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
        }
        Rectangle {
            // what the camera sees, with a square to hold the receipt's QR code in
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: parent.width * 0.7
            Layout.preferredHeight: Layout.preferredWidth * 9 / 16
            // smaller when larger text (or a message) needs the room; gone when too small
            Layout.fillHeight: true
            Layout.maximumHeight: Layout.preferredWidth * 9 / 16
            Layout.minimumHeight: 0
            opacity: height >= 120 ? 1 : 0
            visible: !Qt.inputMethod.visible
            radius: Theme.radius
            color: "#2B2B2B"
            clip: true
            Item {
                // the kiosk's one camera picture (ui/camera_view.py), taken in while shown
                id: cameraHolder
                objectName: "lookupCamera"
                anchors.fill: parent
                function hold() {
                    const view = kiosk.cameraFeed.view
                    view.parent = cameraHolder
                    view.anchors.fill = cameraHolder
                }
                Component.onCompleted: hold()
                onVisibleChanged: if (visible) hold()
            }
            Rectangle {
                anchors.centerIn: parent
                width: parent.height * 0.7
                height: width
                color: "transparent"
                radius: 12
                border.color: "#FFD54F"
                border.width: 8
            }
        }
        Item { Layout.fillHeight: true }
    }

    ColumnLayout {
        // asking the kiosk (and the portal)
        anchors.fill: parent
        spacing: Theme.margin
        visible: page.lookup.state === "searching"
        Item { Layout.fillHeight: true }
        BusyIndicator {
            objectName: "lookupBusy"
            running: parent.visible
            Layout.alignment: Qt.AlignHCenter
            implicitWidth: 160; implicitHeight: 160
        }
        Text {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Đang tra cứu hồ sơ %1…").arg(page.lookup.code)
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
        }
        Item { Layout.fillHeight: true }
    }

    Flickable {
        // the application found
        anchors.fill: parent
        visible: page.found
        contentHeight: foundColumn.implicitHeight
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ColumnLayout {
            id: foundColumn
            width: parent.width
            spacing: Theme.gap
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: stageBox.implicitHeight + 2 * Theme.margin
                radius: Theme.radius
                color: page.toneBackground
                border.color: page.toneColour
                border.width: 4
                ColumnLayout {
                    id: stageBox
                    anchors.fill: parent
                    anchors.margins: Theme.margin
                    spacing: Theme.gap
                    Text {
                        text: qsTr("Tình trạng hồ sơ")
                        color: Theme.text
                        font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                    }
                    Text {
                        objectName: "lookupStage"
                        Layout.fillWidth: true
                        text: page.toneMark + (page.dossier.title || "")
                        wrapMode: Text.WordWrap
                        color: page.toneColour
                        font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
                    }
                    Text {
                        objectName: "lookupNextStep"
                        Layout.fillWidth: true
                        text: page.dossier.nextStep || ""
                        wrapMode: Text.WordWrap
                        color: Theme.text
                        font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                    }
                }
            }
            GridLayout {
                Layout.fillWidth: true
                Layout.topMargin: Theme.gap
                columns: 2
                columnSpacing: Theme.gap
                rowSpacing: Theme.gap / 2
                Text {
                    text: qsTr("Mã hồ sơ")
                    color: Theme.textMuted
                    font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                }
                Text {
                    objectName: "lookupCode"
                    Layout.fillWidth: true
                    text: page.dossier.code || ""
                    color: Theme.text
                    font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
                    font.letterSpacing: 2
                    fontSizeMode: Text.HorizontalFit  // one code, never broken: smaller to fit
                    minimumPixelSize: Theme.textSmall
                }
                Text {
                    text: qsTr("Thủ tục")
                    color: Theme.textMuted
                    font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                }
                Text {
                    objectName: "lookupProcedure"
                    Layout.fillWidth: true
                    text: page.dossier.procedure || ""
                    wrapMode: Text.WordWrap
                    color: Theme.text
                    font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily
                }
                Text {
                    text: qsTr("Nộp lúc")
                    color: Theme.textMuted
                    font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                }
                Text {
                    Layout.fillWidth: true
                    text: page.dossier.submitted || ""
                    wrapMode: Text.WordWrap
                    color: Theme.text
                    font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                }
                Text {
                    visible: (page.dossier.dossierCode || "").length > 0
                    text: qsTr("Số hồ sơ trên Cổng")
                    color: Theme.textMuted
                    font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                }
                Text {
                    objectName: "lookupDossierCode"
                    visible: (page.dossier.dossierCode || "").length > 0
                    Layout.fillWidth: true
                    text: page.dossier.dossierCode || ""
                    wrapMode: Text.WrapAnywhere
                    color: Theme.text
                    font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                }
                Text {
                    visible: (page.dossier.payment || "").length > 0
                    text: qsTr("Lệ phí")
                    color: Theme.textMuted
                    font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                }
                Text {
                    objectName: "lookupPayment"
                    visible: (page.dossier.payment || "").length > 0
                    Layout.fillWidth: true
                    text: (page.dossier.paid ? "✓ " : "") + (page.dossier.payment || "")
                    wrapMode: Text.WordWrap
                    color: page.dossier.paid ? Theme.success : Theme.text
                    font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily
                }
                Text {
                    visible: (page.dossier.delivery || "").length > 0
                    text: qsTr("Nhận kết quả")
                    color: Theme.textMuted
                    font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                }
                Text {
                    objectName: "lookupDelivery"
                    visible: (page.dossier.delivery || "").length > 0
                    Layout.fillWidth: true
                    text: page.dossier.delivery || ""
                    wrapMode: Text.WordWrap
                    color: Theme.text
                    font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                }
            }
            Text {
                objectName: "lookupOfficeNote"
                visible: (page.dossier.officeNote || "").length > 0
                Layout.fillWidth: true
                text: qsTr("Ghi chú của cơ quan: %1").arg(page.dossier.officeNote || "")
                wrapMode: Text.WordWrap
                color: Theme.text
                font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
            }
            Text {
                objectName: "lookupElsewhere"
                visible: (page.dossier.elsewhere || "").length > 0
                Layout.fillWidth: true
                text: page.dossier.elsewhere || ""
                wrapMode: Text.WordWrap
                color: Theme.textMuted
                font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
            }
            Text {
                visible: (page.dossier.history || []).length > 0
                Layout.topMargin: Theme.gap
                text: qsTr("Các bước đã qua")
                color: Theme.text
                font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
            }
            Repeater {
                objectName: "lookupHistory"
                model: page.dossier.history || []
                ColumnLayout {
                    required property var modelData
                    Layout.fillWidth: true
                    spacing: 4
                    Text {
                        Layout.fillWidth: true
                        text: "•  " + modelData.at + " — " + modelData.title
                        wrapMode: Text.WordWrap
                        color: Theme.text
                        font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                    }
                    Text {
                        Layout.fillWidth: true
                        Layout.leftMargin: Theme.margin
                        visible: modelData.note.length > 0
                        text: qsTr("Ghi chú của cơ quan: %1").arg(modelData.note)
                        wrapMode: Text.WordWrap
                        color: Theme.textMuted
                        font.pixelSize: Theme.textBody; font.italic: true; font.family: Theme.fontFamily
                    }
                }
            }
            Text {
                objectName: "lookupFreshness"
                Layout.fillWidth: true
                Layout.topMargin: Theme.gap
                visible: text.length > 0
                text: page.dossier.freshness || ""
                wrapMode: Text.WordWrap
                color: Theme.textMuted
                font.pixelSize: Theme.textSmall; font.family: Theme.fontFamily
            }
        }
    }
}
