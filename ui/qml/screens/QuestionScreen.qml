import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../components"

// One question per screen: the question large, a short hint, the answer, Back and Continue.
ScreenPage {
    id: page
    readonly property var q: kiosk.question
    readonly property string qid: q.id || ""
    readonly property bool isChoice: q.type === "choice"
    readonly property bool isLong: q.type === "long_text"
    property string selected: ""

    stepTitle: qsTr("Câu %1/%2").arg(q.number || 0).arg(q.total || 0)
    primaryText: qsTr("Tiếp tục")
    primaryName: "nextButton"
    helpText: qsTr("Trả lời câu hỏi rồi bấm Tiếp tục. Bấm Quay lại để xem câu trước; câu trả lời đã nhập không bị mất.")
    onPrimaryClicked: kiosk.answer(isChoice ? selected : (isLong ? area.text : field.text))

    function load() {
        selected = q.value || ""
        field.text = isChoice || isLong ? "" : (q.value || "")
        area.text = isLong ? (q.value || "") : ""
        if (isChoice) {
            // nothing to type: let go of the field so the keyboard closes
            field.focus = false
            area.focus = false
            Qt.inputMethod.hide()
        } else {
            (isLong ? area : field).forceActiveFocus()
        }
    }
    onQidChanged: load()
    Component.onCompleted: load()

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        Text {
            objectName: "questionLabel"
            Layout.fillWidth: true
            text: page.q.label || ""
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
        }
        Text {
            Layout.fillWidth: true
            visible: text.length > 0
            text: page.q.hint || ""
            wrapMode: Text.WordWrap
            color: Theme.textMuted
            font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
        }
        ErrorBox {
            Layout.fillWidth: true
            message: kiosk.error
        }
        TextField {
            id: field
            objectName: "answerField"
            visible: !page.isChoice && !page.isLong
            Layout.fillWidth: true
            Layout.preferredHeight: 120
            font.pixelSize: Theme.textLarge + 4
            font.family: Theme.fontFamily
            color: Theme.text
            maximumLength: page.q.maxLength || 200
            inputMethodHints: page.q.type === "number" || page.q.type === "phone"
                              ? Qt.ImhDigitsOnly
                              : (page.q.type === "date" ? Qt.ImhPreferNumbers | Qt.ImhNoPredictiveText
                                                         : Qt.ImhNoPredictiveText)
            placeholderText: page.q.type === "date" ? qsTr("ngày/tháng/năm") : ""
            onTextEdited: kiosk.touched()
            onAccepted: page.primaryClicked()
            background: Rectangle {
                radius: Theme.radius
                color: Theme.surface
                border.width: field.activeFocus ? 6 : 3
                border.color: kiosk.error.length > 0 ? Theme.error : Theme.primary
            }
        }
        ScrollView {
            visible: page.isLong
            Layout.fillWidth: true
            Layout.preferredHeight: 260
            TextArea {
                id: area
                objectName: "answerArea"
                font.pixelSize: Theme.textLarge
                font.family: Theme.fontFamily
                color: Theme.text
                wrapMode: TextEdit.Wrap
                inputMethodHints: Qt.ImhNoPredictiveText
                onTextChanged: if (activeFocus) kiosk.touched()
                background: Rectangle {
                    radius: Theme.radius
                    color: Theme.surface
                    border.width: area.activeFocus ? 6 : 3
                    border.color: kiosk.error.length > 0 ? Theme.error : Theme.primary
                }
            }
        }
        Repeater {
            model: page.isChoice ? page.q.choices : []
            Rectangle {
                required property var modelData
                objectName: "choice_" + modelData.value
                readonly property bool chosen: page.selected === modelData.value
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.buttonHeight
                radius: Theme.radius
                color: chosen ? Theme.highlight : Theme.surface
                border.color: Theme.primary
                border.width: chosen ? 6 : 3
                RowLayout {
                    anchors.fill: parent
                    anchors.leftMargin: Theme.margin
                    spacing: Theme.gap
                    Rectangle {
                        width: 56; height: 56; radius: 28
                        border.color: Theme.primary; border.width: 4
                        color: Theme.surface
                        Rectangle {
                            anchors.centerIn: parent
                            width: 30; height: 30; radius: 15
                            color: Theme.primary
                            visible: parent.parent.parent.chosen
                        }
                    }
                    Text {
                        Layout.fillWidth: true
                        text: modelData.label
                        color: Theme.text
                        font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
                        font.bold: parent.parent.chosen
                    }
                }
                TapHandler {
                    onTapped: { page.selected = modelData.value; kiosk.touched() }
                }
            }
        }
        Item { Layout.fillHeight: true }
    }
}
