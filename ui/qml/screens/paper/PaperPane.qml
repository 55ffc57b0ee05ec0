import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../../components"

// A paper asked for, page by page: the camera with the page's outline and what to change,
// captured on its own once the page is sharp and still ("camera"); the page just captured,
// straightened, to keep or take again ("review"); the pages kept, each to take again or
// delete, and one more to add ("pages"). See ui/form_view.py.
ColumnLayout {
    id: pane
    property var q: ({})
    property var form
    readonly property var paper: q.paper || {}
    readonly property string mode: paper.mode || "camera"
    readonly property var pages: paper.pages || []
    readonly property int pageNumber: (paper.replacing >= 0 ? paper.replacing : pages.length) + 1
    spacing: Theme.gap

    Text {
        objectName: "paperStep"
        Layout.fillWidth: true
        text: pane.mode === "pages"
              ? qsTr("Đã chụp %1 trang. Còn trang nào thì bấm «Chụp thêm trang», xong thì bấm «Tiếp tục».").arg(pane.pages.length)
              : pane.mode === "review"
                ? qsTr("Trang %1: chữ có rõ không?").arg(pane.pageNumber)
                : qsTr("Trang %1: đặt giấy tờ trước máy ảnh. Máy tự chụp khi thấy rõ.").arg(pane.pageNumber)
        wrapMode: Text.WordWrap
        color: Theme.text
        font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
    }

    // --- camera: the live picture, the outline found and the hint --------------------
    Rectangle {
        id: frame
        visible: pane.mode === "camera"
        Layout.fillWidth: true
        // smaller when larger text needs the room
        Layout.fillHeight: true
        Layout.preferredHeight: width * 9 / 16
        Layout.maximumHeight: width * 9 / 16
        Layout.minimumHeight: 240
        radius: Theme.radius
        color: "#2B2B2B"
        clip: true
        Item {
            // the kiosk's one camera picture (ui/camera_view.py), taken in while shown
            id: cameraHolder
            objectName: "photoPreview"
            anchors.fill: parent
            function hold() {
                const view = kiosk.cameraFeed.view
                view.parent = cameraHolder
                view.anchors.fill = cameraHolder
            }
            Component.onCompleted: hold()
            onVisibleChanged: if (visible) hold()
        }
        Canvas {
            // the page's edges as found: green when it will be captured, amber while not
            objectName: "pageOutline"
            anchors.fill: parent
            visible: kiosk.cameraFeed.live
            readonly property var outline: JSON.parse(kiosk.cameraFeed.pageOutline || "[]")
            readonly property bool good: kiosk.cameraFeed.pageHint === "good"
            onOutlineChanged: requestPaint()
            onGoodChanged: requestPaint()
            onWidthChanged: requestPaint()
            onPaint: {
                const ctx = getContext("2d")
                ctx.reset()
                if (outline.length !== 8)
                    return
                ctx.lineWidth = 10
                ctx.lineJoin = "round"
                ctx.strokeStyle = good ? "#2ECC71" : "#FFC107"
                ctx.beginPath()
                ctx.moveTo(outline[0] * width, outline[1] * height)
                for (let i = 2; i < 8; i += 2)
                    ctx.lineTo(outline[i] * width, outline[i + 1] * height)
                ctx.closePath()
                ctx.stroke()
            }
        }
        Rectangle {
            // what to change, in a few words, over the bottom of the picture
            objectName: "pageHint"
            visible: kiosk.cameraFeed.live && hintText.text.length > 0
            anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
            height: hintText.implicitHeight + 2 * Theme.gap
            color: kiosk.cameraFeed.pageHint === "good" ? "#E617623A" : "#E6000000"
            Text {
                id: hintText
                anchors.centerIn: parent
                width: parent.width - 2 * Theme.gap
                horizontalAlignment: Text.AlignHCenter
                text: kiosk.cameraFeed.pageHintText
                wrapMode: Text.WordWrap
                color: "white"
                font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
            }
        }
        Text {
            anchors.centerIn: parent
            width: parent.width * 0.8
            visible: !kiosk.cameraFeed.live
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Đang mở camera…")
            wrapMode: Text.WordWrap
            color: "white"
            font.pixelSize: Theme.textLarge; font.family: Theme.fontFamily
        }
    }
    RowLayout {
        visible: pane.mode === "camera"
        Layout.fillWidth: true
        spacing: Theme.gap
        KButton {
            objectName: "cancelPageButton"
            visible: pane.pages.length > 0
            Layout.fillWidth: true
            text: qsTr("Không chụp nữa")
            onClicked: pane.form.cancelPage()
        }
        KButton {
            objectName: "takePhotoButton"
            Layout.fillWidth: true
            text: qsTr("Chụp ảnh")
            primary: true
            onClicked: pane.form.takePhoto()
        }
    }

    // --- review: the page just captured ---------------------------------------------
    Rectangle {
        visible: pane.mode === "review"
        Layout.fillWidth: true
        // smaller when larger text needs the room
        Layout.fillHeight: true
        Layout.preferredHeight: width * 0.9
        Layout.maximumHeight: width * 0.9
        Layout.minimumHeight: 240
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.divider; border.width: 3
        Image {
            objectName: "photoTaken"
            anchors.fill: parent
            anchors.margins: 12
            source: pane.mode === "review" ? (pane.q.photo || "") : ""
            fillMode: Image.PreserveAspectFit
            cache: false
        }
    }
    RowLayout {
        visible: pane.mode === "review"
        Layout.fillWidth: true
        spacing: Theme.gap
        KButton {
            objectName: "retakePhotoButton"
            Layout.fillWidth: true
            text: qsTr("Chụp lại")
            onClicked: pane.form.retakePhoto()
        }
        KButton {
            objectName: "usePhotoButton"
            Layout.fillWidth: true
            text: qsTr("Dùng ảnh này")
            primary: true
            onClicked: pane.form.usePhoto()
        }
    }

    // --- pages: those kept --------------------------------------------------------------
    KButton {
        objectName: "addPageButton"
        visible: pane.mode === "pages" && pane.paper.canAdd === true
        Layout.fillWidth: true
        text: qsTr("Chụp thêm trang")
        onClicked: pane.form.addPage()
    }
    ListView {
        id: pageList
        visible: pane.mode === "pages"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        spacing: Theme.gap
        model: pane.mode === "pages" ? pane.pages : []
        ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded; width: 16 }
        delegate: Rectangle {
            required property var modelData
            required property int index
            objectName: "page_" + modelData.number
            width: pageList.width - 24
            height: 300
            radius: Theme.radius
            color: Theme.surface
            border.color: Theme.divider; border.width: 3
            RowLayout {
                anchors.fill: parent
                anchors.margins: 12
                spacing: Theme.gap
                Image {
                    Layout.preferredWidth: 200
                    Layout.fillHeight: true
                    source: modelData.url
                    fillMode: Image.PreserveAspectFit
                    cache: false
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 12
                    Text {
                        text: qsTr("Trang %1").arg(modelData.number)
                        color: Theme.text
                        font.pixelSize: Theme.textLarge; font.bold: true; font.family: Theme.fontFamily
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.gap
                        KButton {
                            objectName: "retakePage_" + modelData.number
                            Layout.fillWidth: true
                            text: qsTr("Chụp lại")
                            onClicked: pane.form.retakePage(index)
                        }
                        KButton {
                            objectName: "deletePage_" + modelData.number
                            Layout.fillWidth: true
                            text: qsTr("Xóa")
                            onClicked: pane.form.deletePage(index)
                        }
                    }
                }
            }
        }
    }
    Item { visible: pane.mode !== "pages"; Layout.fillHeight: true }
}
