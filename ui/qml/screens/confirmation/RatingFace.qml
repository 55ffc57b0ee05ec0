import QtQuick
import "../../components"

// A face drawn, not a glyph (the kiosk's fonts have no emoji): two eyes and a mouth that
// frowns at 1 and smiles at 5.
Canvas {
    id: face
    property int score: 3
    property bool chosen: false
    onChosenChanged: requestPaint()
    onScoreChanged: requestPaint()
    onPaint: {
        var ctx = getContext("2d")
        var w = width, h = height, r = Math.min(w, h) / 2 - 4
        var cx = w / 2, cy = h / 2
        ctx.reset()
        ctx.lineWidth = Math.max(3, r / 12)
        ctx.strokeStyle = Theme.primary
        ctx.fillStyle = face.chosen ? Theme.highlight : Theme.surface
        ctx.beginPath(); ctx.arc(cx, cy, r, 0, 2 * Math.PI); ctx.fill(); ctx.stroke()
        ctx.fillStyle = Theme.primary
        ctx.beginPath(); ctx.arc(cx - r * 0.35, cy - r * 0.25, r * 0.1, 0, 2 * Math.PI); ctx.fill()
        ctx.beginPath(); ctx.arc(cx + r * 0.35, cy - r * 0.25, r * 0.1, 0, 2 * Math.PI); ctx.fill()
        var bend = (face.score - 3) / 2  // -1 frown … +1 smile
        var my = cy + r * 0.35
        ctx.beginPath()
        ctx.moveTo(cx - r * 0.45, my - bend * r * 0.12)
        ctx.quadraticCurveTo(cx, my + bend * r * 0.45, cx + r * 0.45, my - bend * r * 0.12)
        ctx.stroke()
    }
}
