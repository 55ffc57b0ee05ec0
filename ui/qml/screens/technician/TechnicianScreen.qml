import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Kiosk
import "../../components"

// The technician screen, once the PIN was right: the devices, the outbox, the sync, the
// catalogue, the self-test, the printer and the camera, each a section with its actions;
// "Thoát" at the bottom. Everything here comes from the view, which gives nothing unless
// the screen is open.
Rectangle {
    id: screen
    objectName: "technicianScreen"
    readonly property var view: kiosk.technicianView
    readonly property var h: view.healthJson.length > 0 ? JSON.parse(view.healthJson) : null
    readonly property var acts: view.actionsJson.length > 0 ? JSON.parse(view.actionsJson)
                                                             : ({ "running": {}, "results": {} })
    readonly property var qr: view.qrJson.length > 0 ? JSON.parse(view.qrJson) : null
    color: Theme.background

    function running(action) { return screen.acts.running[action] === true }
    function result(action) { return screen.acts.results[action] }

    function duration(s) {
        if (s < 60) return qsTr("%1 giây").arg(s)
        if (s < 3600) return qsTr("%1 phút").arg(Math.floor(s / 60))
        if (s < 86400) return qsTr("%1 giờ %2 phút").arg(Math.floor(s / 3600)).arg(Math.floor(s % 3600 / 60))
        return qsTr("%1 ngày %2 giờ").arg(Math.floor(s / 86400)).arg(Math.floor(s % 86400 / 3600))
    }
    function ago(s) { return qsTr("%1 trước").arg(screen.duration(s)) }
    function when(text, agoS) {
        return text.length > 0 ? qsTr("%1 (%2)").arg(text).arg(screen.ago(agoS))
                               : qsTr("chưa lần nào từ khi kiosk khởi động")
    }

    function printerWords(state) {
        switch (state) {
        case "ok": return qsTr("Sẵn sàng")
        case "paper_low": return qsTr("Sắp hết giấy")
        case "paper_out": return qsTr("Hết giấy")
        case "cover_open": return qsTr("Nắp đang mở")
        case "offline": return qsTr("Mất kết nối")
        default: return qsTr("Không rõ (máy in không báo trạng thái)")
        }
    }
    function printerTone(state) {
        return state === "ok" ? "ok" : (state === "paper_low" || state === "unknown") ? "warning" : "fault"
    }
    function readerWords(state) {
        switch (state) {
        case "ready": return qsTr("Sẵn sàng")
        case "no_reader": return qsTr("Không thấy đầu đọc thẻ")
        default: return qsTr("Dịch vụ đọc thẻ (pcscd) không chạy")
        }
    }
    function cameraWords(state) {
        return state === "ok" ? qsTr("Hoạt động") : qsTr("Không nhận được hình")
    }
    function printStateWords(state) {
        switch (state) {
        case "ready": return qsTr("máy in sẵn sàng")
        case "paper_near_end": return qsTr("sắp hết giấy")
        case "no_paper": return qsTr("hết giấy")
        case "cover_open": return qsTr("nắp đang mở")
        case "disconnected": return qsTr("mất kết nối")
        case "error": return qsTr("máy in báo lỗi")
        default: return qsTr("máy in không báo trạng thái")
        }
    }
    function checkName(name) {
        switch (name) {
        case "card_reader": return qsTr("Đầu đọc thẻ")
        case "printer": return qsTr("Máy in")
        case "camera": return qsTr("Camera")
        case "portal": return qsTr("Cổng dịch vụ công")
        case "clock": return qsTr("Đồng hồ")
        case "disk": return qsTr("Ổ đĩa")
        case "outbox": return qsTr("Hàng đợi hồ sơ")
        case "fonts": return qsTr("Phông chữ")
        case "translations": return qsTr("Bản dịch tiếng Anh")
        case "version": return qsTr("Phiên bản phần mềm")
        default: return name
        }
    }
    function selfTestBusyText() {
        var step = screen.acts.selfTestStep
        if (!step || step.number === 0) return qsTr("Đang bắt đầu tự kiểm tra…")
        return qsTr("Đang kiểm tra %1 (%2/%3)…").arg(screen.checkName(step.name)).arg(step.number).arg(step.of)
    }
    function checkTone(status) {
        return status === "ok" ? "ok" : status === "warning" ? "warning" : "fault"
    }
    function qrWords() {
        var q = screen.qr
        if (q === null)
            return qsTr("Chưa đọc được mã QR nào. Đưa mã QR trên trang in thử vào trước camera.")
        switch (q.kind) {
        case "test_page": return qsTr("Trang in thử, lúc %1: %2").arg(q.at).arg(q.text)
        case "id_card": return qsTr("Thẻ căn cước, lúc %1: đã đọc được mã (nội dung không hiển thị).").arg(q.at)
        case "receipt": return qsTr("Biên nhận của người dân, lúc %1: đã đọc được mã (nội dung không hiển thị).").arg(q.at)
        default: return qsTr("Một mã QR khác, lúc %1: đã đọc được.").arg(q.at)
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: 136
            color: Theme.primary
            ColumnLayout {
                anchors.fill: parent
                anchors.leftMargin: Theme.margin
                anchors.rightMargin: Theme.margin
                spacing: 0
                Item { Layout.fillHeight: true }
                Text {
                    Layout.fillWidth: true
                    text: qsTr("Bảo trì kiosk")
                    color: Theme.textOnPrimary
                    font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
                }
                Text {
                    objectName: "technicianKiosk"
                    Layout.fillWidth: true
                    text: (screen.h ? screen.h.kioskId + " · " + qsTr("phiên bản %1").arg(screen.h.version) + " · " : "")
                          + qsTr("tự đóng sau %1 phút không chạm").arg(screen.view.idleMinutes)
                    color: Theme.textOnPrimary
                    elide: Text.ElideRight
                    font.pixelSize: Theme.textSmall; font.family: Theme.fontFamily
                }
                Item { Layout.fillHeight: true }
            }
        }

        Flickable {
            id: scroll
            objectName: "technicianScroll"
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentHeight: sections.implicitHeight + 2 * Theme.gap
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar { width: 16; policy: ScrollBar.AlwaysOn }

            ColumnLayout {
                id: sections
                x: Theme.gap + 16
                y: Theme.gap
                width: scroll.width - 2 * (Theme.gap + 16)
                spacing: Theme.gap

                Text {
                    objectName: "technicianLoading"
                    visible: screen.h === null
                    text: qsTr("Đang đọc trạng thái kiosk…")
                    color: Theme.text
                    font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                }

                Section {
                    objectName: "devicesSection"
                    title: qsTr("Thiết bị")
                    visible: screen.h !== null
                    StatusLine {
                        objectName: "printerState"
                        label: qsTr("Máy in biên nhận")
                        value: screen.h ? screen.printerWords(screen.h.printer) : ""
                        tone: screen.h ? screen.printerTone(screen.h.printer) : ""
                    }
                    StatusLine {
                        objectName: "readerState"
                        label: qsTr("Đầu đọc thẻ căn cước")
                        value: screen.h ? screen.readerWords(screen.h.reader) : ""
                        tone: screen.h && screen.h.reader === "ready" ? "ok" : "fault"
                    }
                    StatusLine {
                        objectName: "cameraState"
                        label: qsTr("Camera")
                        value: screen.h ? screen.cameraWords(screen.h.camera) : ""
                        tone: screen.h && screen.h.camera === "ok" ? "ok" : "fault"
                    }
                }

                Section {
                    objectName: "outboxSection"
                    title: qsTr("Hàng đợi hồ sơ")
                    visible: screen.h !== null
                    StatusLine {
                        objectName: "outboxCounts"
                        label: qsTr("Số hồ sơ")
                        value: screen.h === null ? ""
                               : !screen.h.outboxAvailable ? qsTr("Không đọc được hàng đợi trên đĩa")
                               : qsTr("chờ gửi %1 · đang gửi %2 · đã gửi %3 · bị từ chối %4")
                                    .arg(screen.h.outbox.queued).arg(screen.h.outbox.sending)
                                    .arg(screen.h.outbox.accepted).arg(screen.h.outbox.failed)
                        tone: screen.h && !screen.h.outboxAvailable ? "fault" : ""
                    }
                    StatusLine {
                        objectName: "oldestUnsent"
                        label: qsTr("Hồ sơ chờ lâu nhất")
                        value: screen.h === null ? ""
                               : screen.h.unsent === null ? qsTr("không có hồ sơ nào chờ gửi")
                               : qsTr("đã chờ %1, đã thử gửi %2 lần").arg(screen.duration(Math.max(0, screen.h.oldestAgeS)))
                                    .arg(screen.h.unsent.attempts)
                        tone: screen.h === null ? "" : screen.h.unsent === null ? "ok"
                              : screen.h.unsent.lastError.length > 0 ? "warning" : ""
                    }
                    StatusLine {
                        objectName: "unsentReason"
                        visible: screen.h !== null && screen.h.unsent !== null
                        label: qsTr("Lý do chờ")
                        value: screen.h && screen.h.unsent
                               ? (screen.h.unsent.lastError.length > 0 ? screen.h.unsent.lastError
                                                                       : qsTr("chưa đến lượt gửi"))
                               : ""
                    }
                    StatusLine {
                        visible: screen.h !== null && screen.h.unsent !== null
                                 && screen.h.unsent.nextAttemptAt.length > 0
                        label: qsTr("Thử gửi lại lúc")
                        value: screen.h && screen.h.unsent ? screen.h.unsent.nextAttemptAt : ""
                    }
                    StatusLine {
                        visible: screen.h !== null && screen.h.outbox.failed > 0
                        label: qsTr("Bị từ chối")
                        value: qsTr("Xem lý do bằng lệnh «kiosk outbox failures».")
                        tone: "fault"
                    }
                }

                Section {
                    objectName: "syncSection"
                    title: qsTr("Đồng bộ với cổng dịch vụ công")
                    visible: screen.h !== null
                    StatusLine {
                        objectName: "lastSync"
                        label: qsTr("Đồng bộ được gần nhất")
                        value: screen.h ? screen.when(screen.h.lastSync, screen.h.lastSyncAgoS) : ""
                    }
                    StatusLine {
                        objectName: "lastHeartbeat"
                        label: qsTr("Tín hiệu hoạt động gần nhất")
                        value: screen.h ? screen.when(screen.h.lastHeartbeat, screen.h.lastHeartbeatAgoS) : ""
                        tone: screen.h && screen.h.lastHeartbeat.length === 0 ? "warning" : ""
                    }
                    StatusLine {
                        label: qsTr("Lỗi kết nối từ khi khởi động")
                        value: screen.h ? String(screen.h.syncErrors) : ""
                    }
                    ActionRow {
                        buttonName: "syncNowButton"
                        buttonText: qsTr("Đồng bộ ngay")
                        busy: screen.running("sync_now")
                        busyText: qsTr("Đang đồng bộ…")
                        resultName: "syncResult"
                        resultText: {
                            var r = screen.result("sync_now")
                            if (r === undefined) return ""
                            if (!r.ok) return qsTr("Không đồng bộ được (%1). Kiểm tra mạng rồi thử lại.").arg(r.error)
                            return r.count > 0 ? qsTr("Đã thử gửi %1 hồ sơ. Mục Hàng đợi cho biết hồ sơ nào còn chờ.").arg(r.count)
                                               : qsTr("Không có hồ sơ nào đến lượt gửi lúc này.")
                        }
                        resultTone: { var r = screen.result("sync_now"); return r && r.ok ? "ok" : "fault" }
                        onClicked: screen.view.syncNow()
                    }
                }

                Section {
                    objectName: "catalogueSection"
                    title: qsTr("Danh mục thủ tục")
                    visible: screen.h !== null
                    StatusLine {
                        objectName: "catalogueVersion"
                        label: qsTr("Phiên bản đang dùng")
                        value: screen.h === null ? ""
                               : screen.h.catalogue === "shipped" ? qsTr("bản cài sẵn theo kiosk")
                               : screen.h.catalogue
                    }
                }

                Section {
                    objectName: "selfTestSection"
                    title: qsTr("Tự kiểm tra")
                    ActionRow {
                        buttonName: "selfTestButton"
                        buttonText: qsTr("Chạy tự kiểm tra")
                        busy: screen.running("self_test")
                        busyText: screen.selfTestBusyText()
                        resultName: "selfTestSummary"
                        resultText: {
                            var r = screen.result("self_test")
                            if (r === undefined) return ""
                            if (!r.ok) return qsTr("Không chạy được tự kiểm tra (%1).").arg(r.error)
                            var ok = 0, warn = 0, bad = 0
                            for (var i = 0; i < r.checks.length; i++) {
                                var s = r.checks[i].status
                                if (s === "ok") ok++; else if (s === "warning") warn++; else bad++
                            }
                            return qsTr("%1 đạt · %2 cảnh báo · %3 lỗi").arg(ok).arg(warn).arg(bad)
                        }
                        resultTone: {
                            var r = screen.result("self_test")
                            if (r === undefined || !r.ok) return "fault"
                            for (var i = 0; i < r.checks.length; i++)
                                if (r.checks[i].status === "failed") return "fault"
                            for (var j = 0; j < r.checks.length; j++)
                                if (r.checks[j].status === "warning") return "warning"
                            return "ok"
                        }
                        onClicked: screen.view.runSelfTest()
                    }
                    Repeater {
                        model: {
                            var r = screen.result("self_test")
                            return r && r.ok ? r.checks : []
                        }
                        StatusLine {
                            objectName: "selfTestCheck_" + index
                            label: screen.checkName(modelData.name)
                            value: modelData.detail + (modelData.action.length > 0 ? "\n→ " + modelData.action : "")
                            tone: screen.checkTone(modelData.status)
                            strong: false
                        }
                    }
                }

                Section {
                    objectName: "printerSection"
                    title: qsTr("Máy in")
                    ActionRow {
                        buttonName: "testPrintButton"
                        buttonText: qsTr("In trang thử")
                        busy: screen.running("test_print")
                        busyText: qsTr("Đang in…")
                        resultName: "testPrintResult"
                        resultText: {
                            var r = screen.result("test_print")
                            if (r === undefined) return ""
                            if (r.error !== undefined) return qsTr("Không in được (%1).").arg(r.error)
                            return r.printed ? qsTr("Đã in trang thử. Đưa mã QR trên trang vào trước camera để thử camera.")
                                             : qsTr("Không in được: %1.").arg(screen.printStateWords(r.state))
                        }
                        resultTone: { var r = screen.result("test_print"); return r && r.printed ? "ok" : "fault" }
                        onClicked: screen.view.testPrint()
                    }
                }

                Section {
                    objectName: "cameraSection"
                    title: qsTr("Camera")
                    Rectangle {
                        Layout.alignment: Qt.AlignHCenter
                        Layout.preferredWidth: 640
                        Layout.preferredHeight: 360
                        radius: Theme.radius
                        color: "#2B2B2B"
                        clip: true
                        Item {
                            // the kiosk's one camera picture (ui/camera_view.py), taken in while shown
                            id: cameraHolder
                            objectName: "technicianCameraPreview"
                            anchors.fill: parent
                            function hold() {
                                const view = kiosk.cameraFeed.view
                                view.parent = cameraHolder
                                view.anchors.fill = cameraHolder
                            }
                            Component.onCompleted: hold()
                            onVisibleChanged: if (visible) hold()
                        }
                        Text {
                            anchors.centerIn: parent
                            width: parent.width - 2 * Theme.gap
                            visible: !kiosk.cameraFeed.live
                            horizontalAlignment: Text.AlignHCenter
                            wrapMode: Text.WordWrap
                            text: screen.running("self_test") ? qsTr("Camera tạm dừng trong lúc tự kiểm tra.")
                                                              : qsTr("Đang mở camera…")
                            color: "white"
                            font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
                        }
                    }
                    StatusLine {
                        objectName: "qrSeen"
                        label: qsTr("Mã QR vừa đọc")
                        value: screen.qrWords()
                        tone: screen.qr === null ? "" : "ok"
                        strong: false
                    }
                }

                Section {
                    objectName: "restartSection"
                    title: qsTr("Khởi động lại")
                    Text {
                        Layout.fillWidth: true
                        text: qsTr("Tắt ứng dụng kiosk để hệ thống tự mở lại sau vài giây. Hồ sơ đã lưu không bị mất.")
                        wrapMode: Text.WordWrap
                        color: Theme.text
                        font.pixelSize: Theme.textSmall; font.family: Theme.fontFamily
                    }
                    KButton {
                        objectName: "restartButton"
                        implicitHeight: Theme.touchMin
                        fontSize: Theme.textBody
                        text: qsTr("Khởi động lại kiosk")
                        onClicked: restartPopup.open()
                    }
                }
            }
        }

        KButton {
            objectName: "technicianExitButton"
            Layout.fillWidth: true
            Layout.margins: Theme.margin
            Layout.topMargin: Theme.gap
            primary: true
            text: qsTr("Thoát")
            onClicked: screen.view.exit()
        }
    }

    Popup {
        id: restartPopup
        objectName: "restartPopup"
        modal: true
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.margin
        padding: Theme.margin
        background: Rectangle { color: Theme.surface; radius: Theme.radius; border.color: Theme.primary; border.width: 4 }
        contentItem: ColumnLayout {
            spacing: Theme.gap
            Text {
                Layout.fillWidth: true
                text: qsTr("Khởi động lại kiosk ngay?")
                wrapMode: Text.WordWrap
                color: Theme.text
                font.pixelSize: Theme.heading; font.bold: true; font.family: Theme.fontFamily
            }
            Text {
                Layout.fillWidth: true
                text: qsTr("Màn hình sẽ tắt vài giây rồi kiosk tự mở lại ở trang chủ.")
                wrapMode: Text.WordWrap
                color: Theme.text
                font.pixelSize: Theme.textBody; font.family: Theme.fontFamily
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.gap
                KButton {
                    objectName: "restartCancelButton"
                    Layout.fillWidth: true
                    text: qsTr("Huỷ")
                    onClicked: restartPopup.close()
                }
                KButton {
                    objectName: "restartConfirmButton"
                    Layout.fillWidth: true
                    primary: true
                    text: qsTr("Khởi động lại")
                    onClicked: { restartPopup.close(); screen.view.restartKiosk() }
                }
            }
        }
    }
}
