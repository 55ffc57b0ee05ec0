import QtQuick
import QtQuick.Layouts
import "../components"

// Home: what the kiosk does, one Start button, the language switch and the help line.
// Nothing personal ever shows here.
Rectangle {
    id: home
    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: Math.max(200, bannerColumn.implicitHeight + 2 * Theme.margin)
            color: Theme.banner
            ColumnLayout {
                id: bannerColumn
                anchors.fill: parent
                anchors.margins: Theme.margin
                spacing: 4
                Text {
                    text: qsTr("THÀNH PHỐ HÀ NỘI")
                    color: Theme.textOnBanner
                    font.pixelSize: Theme.textBody; font.bold: true; font.family: Theme.fontFamily
                    font.letterSpacing: 2
                }
                Text {
                    text: qsTr("Dịch vụ công trực tuyến")
                    color: Theme.textOnBanner
                    font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
                }
            }
        }

        DisplayBar {
            Layout.fillWidth: true
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.margins: Theme.margin
            // larger text takes the room of the spacing, then of the drawing
            spacing: Theme.textScale > 1 ? Theme.gap : Theme.margin

            Item { Layout.preferredHeight: Theme.textScale > 1 ? 0 : 40 }
            Text {
                objectName: "homeTitle"
                Layout.fillWidth: true
                text: qsTr("Nộp hồ sơ thủ tục hành chính ngay tại sảnh tòa nhà")
                wrapMode: Text.WordWrap
                color: Theme.text
                font.pixelSize: Theme.title; font.bold: true; font.family: Theme.fontFamily
            }
            Text {
                Layout.fillWidth: true
                text: qsTr("Đăng ký tạm trú, khai sinh, lý lịch tư pháp và nhiều thủ tục khác. Ông/⁠Bà chỉ cần mang theo thẻ căn cước.")
                wrapMode: Text.WordWrap
                color: Theme.textMuted
                font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
            }
            // The drawing gives way (shrinks, whole) when longer words (English) need the
            // room, so the buttons below are never pushed off the screen; with larger text
            // it goes when it would be smaller than half.
            Item {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.topMargin: Theme.textScale > 1 ? 0 : Theme.gap
                Layout.preferredHeight: cardPicture.implicitHeight
                Layout.maximumHeight: cardPicture.implicitHeight
                Layout.minimumHeight: Theme.textScale > 1 ? 0 : cardPicture.implicitHeight / 2
                CardPicture {
                    id: cardPicture
                    objectName: "homeCardPicture"
                    visible: parent.height >= implicitHeight / 2
                    anchors.centerIn: parent
                    width: implicitWidth
                    height: implicitHeight
                    scale: Math.min(1, parent.height / implicitHeight)
                }
            }
            Item { Layout.fillHeight: true }
            KButton {
                objectName: "startButton"
                Layout.fillWidth: true
                Layout.preferredHeight: 180
                primary: true
                fontSize: Theme.heading
                text: qsTr("Bắt đầu")
                onClicked: kiosk.start()
            }
            KButton {
                objectName: "lookupStartButton"
                Layout.fillWidth: true
                text: qsTr("Tra cứu hồ sơ đã nộp")
                fontSize: Theme.textLarge
                onClicked: kiosk.lookUpDossier()
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.gap
                Text {
                    Layout.fillWidth: true
                    text: qsTr("Tổng đài hỗ trợ: %1").arg(kiosk.hotline)
                    wrapMode: Text.WordWrap
                    color: Theme.text
                    font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
                }
                KButton {
                    objectName: "helpButton"
                    text: qsTr("Trợ giúp")
                    fontSize: Theme.textBody
                    onClicked: helpPopup.open()
                }
                KButton {
                    objectName: "languageButton"
                    // Each language names itself, so a reader of either finds it.
                    text: kiosk.language === "vi" ? "English" : "Tiếng Việt"
                    fontSize: Theme.textBody
                    onClicked: kiosk.setLanguage(kiosk.language === "vi" ? "en" : "vi")
                }
            }
        }
    }

    HelpPopup {
        id: helpPopup
        helpText: qsTr("Bấm «Bắt đầu» để làm hồ sơ: kiosk hướng dẫn từng bước, Ông/⁠Bà chỉ cần thẻ căn cước. Đã nộp rồi thì bấm «Tra cứu hồ sơ đã nộp» và đưa biên nhận vào trước camera.")
    }
}
