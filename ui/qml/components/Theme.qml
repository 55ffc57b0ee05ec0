pragma Singleton
import QtQuick

// Every colour, size and spacing of the kiosk. Sizes are for a 1080×1920 portrait screen
// read by older residents: body text ≥ 28 px, headings ≥ 44 px, touch targets ≥ 72 px.
// The resident may choose larger text (textScale: 1, 1.2 or 1.4; the layouts reflow) and
// high contrast (black on white, black buttons with yellow words: every text ≥ 7:1), for
// their session (kiosk.textSize, kiosk.highContrast; back to standard at the wipe).
QtObject {
    readonly property string fontFamily: "Noto Sans"

    // `kiosk` is absent only when a component is loaded on its own (a test of it alone).
    readonly property bool highContrast: typeof kiosk !== "undefined" && kiosk !== null
                                         && kiosk.highContrast
    readonly property real textScale: typeof kiosk !== "undefined" && kiosk !== null
                                      ? kiosk.textScale : 1.0

    readonly property color background: highContrast ? "#FFFFFF" : "#F6F4EF"
    readonly property color surface: "#FFFFFF"
    readonly property color text: highContrast ? "#000000" : "#1A1A1A"
    readonly property color textMuted: highContrast ? "#000000" : "#3F3F3F"
    readonly property color primary: highContrast ? "#000000" : "#0B4F8A"
    readonly property color primaryPressed: highContrast ? "#3A3A3A" : "#083A66"
    readonly property color textOnPrimary: highContrast ? "#FFE500" : "#FFFFFF"
    readonly property color secondaryBorder: highContrast ? "#000000" : "#0B4F8A"
    readonly property color banner: highContrast ? "#000000" : "#A3161A"
    readonly property color textOnBanner: "#FFFFFF"
    readonly property color divider: highContrast ? "#000000" : "#C9C4B8"
    readonly property color error: highContrast ? "#8B0000" : "#A4000F"
    readonly property color errorBackground: highContrast ? "#FFFFFF" : "#FDECEC"
    readonly property color success: highContrast ? "#004B1E" : "#17623A"
    readonly property color successBackground: highContrast ? "#FFFFFF" : "#E7F4EC"
    readonly property color highlight: highContrast ? "#FFE500" : "#FFF4CC"

    // Headings, already large, grow half as much as the text that is read.
    readonly property real headingScale: 1 + (textScale - 1) / 2

    readonly property int textSmall: Math.round(28 * textScale)
    readonly property int textBody: Math.round(34 * textScale)
    readonly property int textLarge: Math.round(40 * textScale)
    readonly property int heading: Math.round(52 * headingScale)
    readonly property int title: Math.round(64 * headingScale)
    readonly property int codeSize: Math.round(92 * headingScale)

    readonly property int touchMin: 88
    readonly property int buttonHeight: 120
    readonly property int gap: 24
    readonly property int margin: 56
    readonly property int radius: 16
}
