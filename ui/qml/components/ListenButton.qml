import QtQuick
import QtQuick.Layouts

// "Nghe": reads the screen aloud (kiosk.readingAloud: the core decides what, never an
// answer or card data). A press while reading stops it. Without an engine or a voice it
// says so, greyed, and the kiosk goes on as usual.
KButton {
    id: listen
    objectName: "listenButton"
    readonly property var reading: kiosk.readingAloud
    visible: reading.shown
    enabled: !reading.unavailable
    implicitHeight: Theme.touchMin
    implicitWidth: Math.max(Theme.touchMin * 2, row.implicitWidth + leftPadding + rightPadding)
    leftPadding: Theme.gap / 2
    rightPadding: Theme.gap / 2
    // In a row short of room (the longer "Không có giọng đọc") it narrows, its words wrap.
    Layout.fillWidth: true
    Layout.maximumWidth: implicitWidth
    Layout.minimumWidth: Theme.touchMin * 2
    fontSize: Theme.textBody
    text: reading.unavailable ? qsTr("Không có giọng đọc")
        : reading.speaking ? qsTr("Dừng đọc") : qsTr("Nghe")
    onClicked: { kiosk.touched(); reading.toggle() }

    contentItem: Item {
        implicitWidth: row.implicitWidth
        implicitHeight: row.implicitHeight
        RowLayout {
            id: row
            anchors.centerIn: parent
            width: Math.min(implicitWidth, parent.width)
            spacing: Theme.gap / 2
            // A loudspeaker with sound waves (a stop square while reading); no emoji font
            // is needed.
            Canvas {
                id: icon
                Layout.preferredWidth: listen.fontSize
                Layout.preferredHeight: listen.fontSize
                readonly property bool stop: listen.reading.speaking
                readonly property bool mute: listen.reading.unavailable
                readonly property color ink: mute ? Theme.textMuted : Theme.primary
                onStopChanged: requestPaint()
                onInkChanged: requestPaint()
                onPaint: {
                    const ctx = getContext("2d")
                    const s = width
                    ctx.reset()
                    ctx.fillStyle = ink
                    ctx.strokeStyle = ink
                    if (stop) {
                        ctx.fillRect(s * 0.2, s * 0.2, s * 0.6, s * 0.6)
                        return
                    }
                    ctx.beginPath()
                    ctx.moveTo(s * 0.05, s * 0.35)
                    ctx.lineTo(s * 0.25, s * 0.35)
                    ctx.lineTo(s * 0.5, s * 0.1)
                    ctx.lineTo(s * 0.5, s * 0.9)
                    ctx.lineTo(s * 0.25, s * 0.65)
                    ctx.lineTo(s * 0.05, s * 0.65)
                    ctx.closePath()
                    ctx.fill()
                    ctx.lineWidth = s * 0.08
                    ctx.lineCap = "round"
                    if (mute) {  // a cross for the sound that cannot be made
                        ctx.beginPath()
                        ctx.moveTo(s * 0.62, s * 0.32); ctx.lineTo(s * 0.95, s * 0.68)
                        ctx.moveTo(s * 0.95, s * 0.32); ctx.lineTo(s * 0.62, s * 0.68)
                        ctx.stroke()
                        return
                    }
                    for (const r of [0.2, 0.36]) {
                        ctx.beginPath()
                        ctx.arc(s * 0.5, s * 0.5, s * r, -Math.PI / 4, Math.PI / 4)
                        ctx.stroke()
                    }
                }
            }
            Text {
                objectName: "listenButtonText"
                Layout.fillWidth: true
                Layout.maximumWidth: implicitWidth
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
                lineHeight: 0.9
                text: listen.text
                font: listen.font
                color: listen.enabled ? Theme.primary : Theme.textMuted
                verticalAlignment: Text.AlignVCenter
            }
        }
    }
}
