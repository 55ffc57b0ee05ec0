import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../components"

// How the resident receives the result: the ways the procedure offers (the default marked),
// and for the post the address, pre-filled from the card (or the kiosk's building) and
// editable. Scrolls when a larger text size makes it long.
ScreenPage {
    id: page
    readonly property var view: kiosk.resultChoiceView
    readonly property var choices: JSON.parse(view.choicesJson)
    property string picked: view.chosen
    showStartOver: true
    stepTitle: qsTr("Cách nhận kết quả")
    primaryText: qsTr("Tiếp tục")
    primaryName: "deliveryContinueButton"
    helpText: qsTr("Chọn nơi Ông/⁠Bà muốn nhận kết quả. Nếu gửi qua bưu điện, kiểm tra lại địa chỉ nhận.")
    onPrimaryClicked: view.chooseDelivery(picked, picked === "post" ? address.text : "")

    Component.onCompleted: address.text = view.postalAddress

    Flickable {
        id: scroller
        objectName: "deliveryScroller"
        anchors.fill: parent
        clip: true
        // The address being typed stays in sight above the keyboard.
        function showAddress() {
            if (!address.activeFocus) return
            var bottom = address.y + address.height + Theme.gap
            if (bottom > contentY + height)
                contentY = Math.min(bottom - height, Math.max(0, contentHeight - height))
        }
        onHeightChanged: showAddress()
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
                text: qsTr("Ông/⁠Bà muốn nhận kết quả thế nào?")
                wrapMode: Text.WordWrap
                color: Theme.text
                font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
            }
            ErrorBox {
                Layout.fillWidth: true
                message: kiosk.error
            }
            Repeater {
                model: page.choices
                Rectangle {
                    required property var modelData
                    readonly property bool chosen: page.picked === modelData.value
                    objectName: "delivery_" + modelData.value
                    Layout.fillWidth: true
                    implicitHeight: Math.max(Theme.buttonHeight, label.implicitHeight + 2 * Theme.gap)
                    radius: Theme.radius
                    color: chosen ? Theme.highlight : Theme.surface
                    border.color: Theme.primary
                    border.width: chosen ? 6 : 3
                    RowLayout {
                        anchors.fill: parent
                        anchors.leftMargin: Theme.margin
                        anchors.rightMargin: Theme.gap
                        spacing: Theme.gap
                        Rectangle {
                            width: Theme.touchMin * 0.64; height: width; radius: width / 2
                            border.color: Theme.primary; border.width: 4
                            color: Theme.surface
                            Rectangle {
                                anchors.centerIn: parent
                                width: parent.width / 2; height: width; radius: width / 2
                                color: Theme.primary
                                visible: parent.parent.parent.chosen
                            }
                        }
                        Text {
                            id: label
                            Layout.fillWidth: true
                            text: modelData.label
                            wrapMode: Text.WordWrap
                            color: Theme.text
                            font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
                            font.bold: parent.parent.chosen
                        }
                    }
                    TapHandler {
                        onTapped: { page.picked = modelData.value; kiosk.touched() }
                    }
                }
            }
            Text {
                visible: page.picked === "post"
                Layout.fillWidth: true
                Layout.topMargin: Theme.gap
                text: qsTr("Địa chỉ nhận kết quả qua bưu điện (Ông/⁠Bà có thể sửa)")
                wrapMode: Text.WordWrap
                color: Theme.text
                font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily
            }
            TextArea {
                id: address
                objectName: "postalAddressField"
                visible: page.picked === "post"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.max(Theme.buttonHeight * 2, implicitHeight)
                font.pixelSize: Theme.textLarge
                font.family: Theme.fontFamily
                color: Theme.text
                wrapMode: TextEdit.Wrap
                inputMethodHints: Qt.ImhNoPredictiveText
                onTextChanged: if (activeFocus) kiosk.touched()
                onActiveFocusChanged: scroller.showAddress()
                background: Rectangle {
                    radius: Theme.radius
                    color: Theme.surface
                    border.width: address.activeFocus ? 6 : 3
                    border.color: kiosk.error.length > 0 ? Theme.error : Theme.primary
                }
            }
        }
    }
}
