pragma Singleton
import QtQuick

// Every colour, size and spacing of the kiosk. Sizes are for a 1080×1920 portrait screen
// read by older residents: body text ≥ 28 px, headings ≥ 44 px, touch targets ≥ 72 px.
QtObject {
    readonly property string fontFamily: "Noto Sans"

    readonly property color background: "#F6F4EF"
    readonly property color surface: "#FFFFFF"
    readonly property color text: "#1A1A1A"
    readonly property color textMuted: "#3F3F3F"
    readonly property color primary: "#0B4F8A"
    readonly property color primaryPressed: "#083A66"
    readonly property color textOnPrimary: "#FFFFFF"
    readonly property color secondaryBorder: "#0B4F8A"
    readonly property color banner: "#A3161A"
    readonly property color textOnBanner: "#FFFFFF"
    readonly property color divider: "#C9C4B8"
    readonly property color error: "#A4000F"
    readonly property color errorBackground: "#FDECEC"
    readonly property color success: "#17623A"
    readonly property color successBackground: "#E7F4EC"
    readonly property color highlight: "#FFF4CC"

    readonly property int textSmall: 28
    readonly property int textBody: 34
    readonly property int textLarge: 40
    readonly property int heading: 52
    readonly property int title: 64
    readonly property int codeSize: 92

    readonly property int touchMin: 88
    readonly property int buttonHeight: 120
    readonly property int gap: 24
    readonly property int margin: 56
    readonly property int radius: 16
}
