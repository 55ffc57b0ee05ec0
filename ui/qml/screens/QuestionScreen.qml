import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Kiosk
import "../components"
import "paper"
import "question"

// One question per screen: the question large, a short hint, the answer, Back and Continue.
ScreenPage {
    id: page
    showStartOver: true
    readonly property var form: kiosk.formView
    readonly property var q: JSON.parse(form.questionJson)
    readonly property string qid: q.id || ""
    readonly property bool isChoice: ["choice", "yes_no", "multi_choice"].indexOf(q.type) >= 0
    readonly property bool isMulti: q.type === "multi_choice"
    readonly property bool isLong: q.type === "long_text"
    readonly property bool isPhoto: q.type === "attachment"
    readonly property bool hasPages: isPhoto && (q.paper.mode !== "camera" || q.paper.pages.length > 0)
    // Where the resident lives in this building: the flat number only, until "Địa chỉ khác".
    property bool typingOther: false
    readonly property bool isApartment: !!(q.apartment && q.apartment.building) && !typingOther
    readonly property string typed: isLong ? area.text : field.text
    readonly property bool skippable: !q.required && !isChoice && !isPhoto && !isApartment
                                      && typed.trim().length === 0
    property var picked: []

    // a card fact corrected from the check page is not one of the numbered questions
    stepTitle: q.number ? qsTr("Câu %1/%2").arg(q.number).arg(q.total || 0) : qsTr("Sửa thông tin")
    primaryText: isPhoto && !hasPages && !q.required ? qsTr("Bỏ qua, không chụp")
                 : skippable ? qsTr("Bỏ qua") : qsTr("Tiếp tục")
    primaryName: "nextButton"
    helpText: qsTr("Trả lời câu hỏi rồi bấm Tiếp tục. Bấm Quay lại để xem câu trước; câu trả lời đã nhập không bị mất.")
    onPrimaryClicked: isPhoto ? form.finishPaper()
                      : isApartment ? form.answerApartment(apartmentPane.text)
                      : form.answer(isChoice ? picked.join(",") : typed)

    function pick(value) {
        if (!isMulti) {
            picked = [value]
            return
        }
        var now = picked.slice()
        var at = now.indexOf(value)
        if (at >= 0)
            now.splice(at, 1)
        else
            now.push(value)
        picked = now
    }

    function typeOtherAddress() {
        typingOther = true
        area.text = ""
        field.text = ""
        if (isLong)
            area.forceActiveFocus()
        else
            field.forceActiveFocus()
        kiosk.touched()
    }

    function load() {
        typingOther = !!(q.apartment && q.apartment.other)
        picked = q.value ? q.value.split(",") : []
        filter.text = ""
        field.text = isChoice || isLong || isPhoto ? "" : (q.value || "")
        area.text = isLong ? (q.value || "") : ""
        area.cursorPosition = area.text.length  // an answer to correct: erase from its end
        if (isChoice || isPhoto) {
            // nothing to type: let go of the field so the keyboard closes
            field.focus = false
            area.focus = false
            Qt.inputMethod.hide()
        } else if (isApartment) {
            area.text = ""
            apartmentPane.load()
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
            objectName: "groupLabel"
            Layout.fillWidth: true
            visible: text.length > 0
            text: page.q.groupLabel || ""
            wrapMode: Text.WordWrap
            color: Theme.primary
            font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
        }
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
            visible: text.length > 0 && !page.isApartment  // the hint is for a typed address
            text: page.q.hint || ""
            wrapMode: Text.WordWrap
            color: Theme.textMuted
            font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
        }
        Text {
            // a card fact opened from the check page (the permanent address): why change it
            objectName: "correctingCardHint"
            Layout.fillWidth: true
            visible: !page.q.number && page.qid.length > 0
            text: qsTr("Đây là địa chỉ ghi trên thẻ căn cước. Nếu Ông/⁠Bà đã chuyển nơi thường trú, xin sửa theo địa chỉ hiện nay.")
            wrapMode: Text.WordWrap
            color: Theme.textMuted
            font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
        }
        ErrorBox {
            Layout.fillWidth: true
            message: kiosk.error
        }
        Text {
            objectName: "documentName"
            Layout.fillWidth: true
            visible: page.isPhoto && text.length > 0
            text: qsTr("Giấy tờ: %1").arg(page.q.document || "")
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
        }
        PaperPane {
            visible: page.isPhoto
            Layout.fillWidth: true
            Layout.fillHeight: true
            q: page.q
            form: page.form
        }
        ApartmentPane {
            id: apartmentPane
            visible: page.isApartment
            Layout.fillWidth: true
            apartment: page.q.apartment || ({})
            invalid: kiosk.error.length > 0
            onAccepted: page.primaryClicked()
            onOtherAddress: page.typeOtherAddress()
        }
        KButton {
            // back from "Địa chỉ khác" to the flat number in this building
            objectName: "thisBuildingButton"
            visible: page.typingOther && !!(page.q.apartment && page.q.apartment.building)
            Layout.fillWidth: true
            text: qsTr("Tôi ở tòa nhà này: chỉ nhập số căn hộ")
            onClicked: {
                page.typingOther = false
                apartmentPane.load()
                kiosk.touched()
            }
        }
        KField {
            id: field
            objectName: "answerField"
            visible: !page.isChoice && !page.isLong && !page.isPhoto && !page.isApartment
            Layout.fillWidth: true
            Layout.preferredHeight: 120
            invalid: kiosk.error.length > 0
            maximumLength: page.q.maxLength || 200
            inputMethodHints: ["number", "phone", "cccd"].indexOf(page.q.type) >= 0
                              ? Qt.ImhDigitsOnly
                              : page.q.type === "date" ? Qt.ImhPreferNumbers | Qt.ImhNoPredictiveText
                              : page.q.type === "email" ? Qt.ImhEmailCharactersOnly | Qt.ImhNoAutoUppercase
                              : Qt.ImhNoPredictiveText
            placeholderText: page.q.type === "date" ? qsTr("ngày/tháng/năm") : ""
            onAccepted: page.primaryClicked()
        }
        KButton {
            // The kiosk knows its own building and ward: one tap writes them, and the
            // resident adds the flat number in front.
            objectName: "useBuildingAddressButton"
            visible: page.isLong && (page.q.prefill || "").length > 0 && area.text.length === 0
            Layout.fillWidth: true
            text: qsTr("Ở tòa nhà này: %1").arg(page.q.prefill || "")
            onClicked: {
                area.text = ", " + page.q.prefill
                area.cursorPosition = 0
                area.forceActiveFocus()
                kiosk.touched()
            }
        }
        Text {
            visible: page.isLong && (page.q.prefill || "").length > 0 && area.text.length === 0
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            font.pixelSize: Theme.textBody
            font.family: Theme.fontFamily
            color: Theme.textMuted
            text: qsTr("Chạm nút trên rồi gõ số căn hộ, hoặc gõ địa chỉ khác.")
        }
        ScrollView {
            visible: page.isLong && !page.isApartment
            Layout.fillWidth: true
            Layout.preferredHeight: 260
            Layout.fillHeight: true  // lower when larger text needs the room (it scrolls)
            Layout.maximumHeight: 260
            Layout.minimumHeight: Theme.touchMin
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
        KField {
            id: filter
            objectName: "choiceFilter"
            visible: page.isChoice && page.q.longList
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.touchMin + 8
            font.pixelSize: Theme.textLarge
            placeholderText: qsTr("Gõ vài chữ để tìm, ví dụ: lang")
            inputMethodHints: Qt.ImhNoPredictiveText
            onTextEdited: page.form.filterChoices(text)
        }
        ListView {
            id: choiceList
            visible: page.isChoice
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.gap
            model: page.isChoice ? page.q.choices : []
            ScrollBar.vertical: ScrollBar { policy: page.q.longList ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded; width: 16 }
            delegate: Rectangle {
                required property var modelData
                objectName: "choice_" + modelData.value
                readonly property bool chosen: page.picked.indexOf(modelData.value) >= 0
                width: choiceList.width - (page.q.longList ? 32 : 0)
                height: Theme.buttonHeight
                radius: Theme.radius
                color: chosen ? Theme.highlight : Theme.surface
                border.color: Theme.primary
                border.width: chosen ? 6 : 3
                RowLayout {
                    anchors.fill: parent
                    anchors.leftMargin: Theme.margin
                    spacing: Theme.gap
                    Rectangle {
                        // a round mark for one choice, a square one where several may be picked
                        width: 56; height: 56; radius: page.isMulti ? 8 : 28
                        border.color: Theme.primary; border.width: 4
                        color: Theme.surface
                        Rectangle {
                            anchors.centerIn: parent
                            width: 30; height: 30; radius: page.isMulti ? 4 : 15
                            color: Theme.primary
                            visible: parent.parent.parent.chosen
                        }
                    }
                    Text {
                        Layout.fillWidth: true
                        text: modelData.label
                        elide: Text.ElideRight
                        color: Theme.text
                        font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
                        font.bold: parent.parent.chosen
                    }
                }
                TapHandler {
                    onTapped: { page.pick(modelData.value); kiosk.touched() }
                }
            }
        }
        Text {
            objectName: "noChoiceFound"
            visible: page.isChoice && page.q.longList && choiceList.count === 0
            Layout.fillWidth: true
            text: qsTr("Không có tên nào khớp. Ông/⁠Bà thử gõ ít chữ hơn.")
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
        }
        Item { visible: !page.isChoice && !page.isPhoto; Layout.fillHeight: true }
    }
}