import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Styles
import "../../../../../qml/components"

// The kiosk's keyboard style: light keys on a warm grey, dark labels of at least 34 px,
// enter in the kiosk's blue, every label at 4.5:1 or better against its key in every state
// (a pressed key turns blue with white words; nothing is dimmed by opacity). Colours come
// from Theme at run time, so the resident's high-contrast choice reaches the keyboard too.
// Chosen by QT_VIRTUALKEYBOARD_STYLE=kiosk, with ui/keyboard on the import path
// (ui/application.py).
KeyboardStyle {
    id: kioskStyle

    readonly property string fontFamily: Theme.fontFamily
    // The symbols of the function keys (⌫ ⇧ ↵ ⌨) are not in Noto Sans: DejaVu Sans has them
    // (fonts-dejavu-core, deploy/packages/kiosk.txt).
    readonly property string symbolFontFamily: "DejaVu Sans"

    // Sizes, at scaleHint 1 for the kiosk's 1080 px wide screen; never below 34 px.
    readonly property real keyMargin: Math.round(5 * scaleHint)
    readonly property int letterSize: Math.max(34, Math.round(46 * scaleHint))
    readonly property int wordSize: Math.max(34, Math.round(36 * scaleHint))
    readonly property int symbolSize: Math.max(34, Math.round(48 * scaleHint))
    readonly property int digitSize: Math.max(34, Math.round(64 * scaleHint))

    // Colours. Key labels are Theme.text on white or light grey (at least 11:1), the tone
    // keys' labels the kiosk's blue on a light blue (6.8:1), enter white on blue (8.6:1).
    readonly property color boardColor: Theme.highContrast ? "#FFFFFF" : "#E2DDD2"
    readonly property color keyColor: Theme.surface
    readonly property color functionKeyColor: Theme.highContrast ? "#FFFFFF" : "#CFC8BA"
    readonly property color toneKeyColor: Theme.highContrast ? "#FFFFFF" : "#DCE8F4"
    readonly property color labelColor: Theme.text
    readonly property color toneLabelColor: Theme.highContrast ? "#000000" : Theme.primary
    // Key edges at 3:1 or better against the keys and the board (WCAG non-text contrast).
    readonly property color borderColor: Theme.highContrast ? "#000000" : "#857D6D"
    readonly property color pressedColor: Theme.primary
    readonly property color pressedLabelColor: Theme.textOnPrimary
    readonly property color enterColor: Theme.primary
    readonly property color enterPressedColor: Theme.primaryPressed
    readonly property color enterLabelColor: Theme.textOnPrimary

    keyboardDesignWidth: 1080
    keyboardDesignHeight: 640
    keyboardRelativeLeftMargin: 8 / keyboardDesignWidth
    keyboardRelativeRightMargin: 8 / keyboardDesignWidth
    keyboardRelativeTopMargin: 8 / keyboardDesignHeight
    keyboardRelativeBottomMargin: 8 / keyboardDesignHeight

    keyboardBackground: Rectangle {
        objectName: "keyboardBoard"
        color: kioskStyle.boardColor
        Rectangle {
            width: parent.width
            height: 3
            color: kioskStyle.borderColor
        }
    }

    // The face of a key: its colour for its kind and state, a frame, and room for labels.
    component KeyFace: Rectangle {
        property var control
        property color restColor: kioskStyle.keyColor
        property color downColor: kioskStyle.pressedColor
        readonly property bool down: control !== null && control !== undefined && control.pressed
        objectName: "keyFace"
        anchors.fill: parent
        anchors.margins: kioskStyle.keyMargin
        radius: 10
        color: down ? downColor : restColor
        border.width: Theme.highContrast ? 3 : 2
        border.color: down ? downColor : kioskStyle.borderColor
    }

    component KeyLabel: Text {
        property var face
        property color restColor: kioskStyle.labelColor
        property color downColor: kioskStyle.pressedLabelColor
        objectName: "keyLabel"
        color: face.down ? downColor : restColor
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        font.family: kioskStyle.fontFamily
        font.pixelSize: kioskStyle.letterSize
    }

    keyPanel: KeyPanel {
        id: keyPanel
        KeyFace {
            id: face
            control: keyPanel.control
            restColor: !keyPanel.control ? kioskStyle.keyColor
                       : keyPanel.control.toneKey === true ? kioskStyle.toneKeyColor
                       : keyPanel.control.highlighted ? kioskStyle.functionKeyColor
                       : kioskStyle.keyColor
            // A letter or a digit, centred.
            KeyLabel {
                face: face
                visible: !(keyPanel.control && keyPanel.control.toneKey === true)
                anchors.fill: parent
                text: keyPanel.control ? keyPanel.control.displayText : ""
                font.pixelSize: keyPanel.control && /^[0-9]$/.test(keyPanel.control.displayText)
                                ? kioskStyle.digitSize : kioskStyle.letterSize
                font.capitalization: keyPanel.control && keyPanel.control.uppercased
                                     ? Font.AllUppercase : Font.MixedCase
            }
            // A tone key: its mark on a dotted circle, and its name.
            Row {
                visible: keyPanel.control && keyPanel.control.toneKey === true
                anchors.centerIn: parent
                spacing: Math.round(8 * kioskStyle.scaleHint)
                KeyLabel {
                    face: face
                    restColor: kioskStyle.toneLabelColor
                    text: keyPanel.control ? keyPanel.control.displayText : ""
                    font.pixelSize: kioskStyle.symbolSize
                }
                KeyLabel {
                    face: face
                    restColor: kioskStyle.toneLabelColor
                    anchors.verticalCenter: parent.verticalCenter
                    text: keyPanel.control && keyPanel.control.toneName !== undefined
                          ? keyPanel.control.toneName : ""
                    font.pixelSize: kioskStyle.wordSize
                }
            }
        }
    }

    backspaceKeyPanel: KeyPanel {
        id: backspacePanel
        KeyFace {
            id: backspaceFace
            control: backspacePanel.control
            restColor: kioskStyle.functionKeyColor
            KeyLabel {
                face: backspaceFace
                anchors.fill: parent
                text: "\u232B"
                font.family: kioskStyle.symbolFontFamily
                font.pixelSize: kioskStyle.symbolSize
            }
        }
    }

    languageKeyPanel: KeyPanel {
        id: languagePanel
        KeyFace {
            id: languageFace
            control: languagePanel.control
            restColor: kioskStyle.functionKeyColor
            KeyLabel {
                face: languageFace
                anchors.fill: parent
                text: languagePanel.control ? languagePanel.control.displayText.toUpperCase() : ""
                font.pixelSize: kioskStyle.wordSize
            }
        }
    }

    enterKeyPanel: KeyPanel {
        id: enterPanel
        KeyFace {
            id: enterFace
            control: enterPanel.control
            restColor: kioskStyle.enterColor
            downColor: kioskStyle.enterPressedColor
            KeyLabel {
                face: enterFace
                anchors.fill: parent
                restColor: kioskStyle.enterLabelColor
                downColor: kioskStyle.enterLabelColor
                text: "\u21B5"
                font.family: kioskStyle.symbolFontFamily
                font.pixelSize: kioskStyle.symbolSize
            }
        }
    }

    hideKeyPanel: KeyPanel {
        id: hidePanel
        KeyFace {
            id: hideFace
            control: hidePanel.control
            restColor: kioskStyle.functionKeyColor
            KeyLabel {
                face: hideFace
                anchors.fill: parent
                text: "\u2328"
                font.family: kioskStyle.symbolFontFamily
                font.pixelSize: kioskStyle.symbolSize
            }
        }
    }

    shiftKeyPanel: KeyPanel {
        id: shiftPanel
        KeyFace {
            id: shiftFace
            control: shiftPanel.control
            // Shift on: the key in blue, as if held down; caps lock: the same, with ⇪.
            restColor: InputContext.shiftActive || InputContext.capsLockActive
                       ? kioskStyle.pressedColor : kioskStyle.functionKeyColor
            KeyLabel {
                face: shiftFace
                anchors.fill: parent
                restColor: InputContext.shiftActive || InputContext.capsLockActive
                           ? kioskStyle.pressedLabelColor : kioskStyle.labelColor
                text: InputContext.capsLockActive ? "\u21EA" : "\u21E7"
                font.family: kioskStyle.symbolFontFamily
                font.pixelSize: kioskStyle.symbolSize
            }
        }
    }

    spaceKeyPanel: KeyPanel {
        id: spacePanel
        KeyFace {
            id: spaceFace
            control: spacePanel.control
            // The language being typed, so that a resident sees Vietnamese is on.
            KeyLabel {
                face: spaceFace
                anchors.fill: parent
                text: Qt.locale(InputContext.locale).nativeLanguageName
                font.pixelSize: kioskStyle.wordSize
                elide: Text.ElideRight
            }
        }
    }

    symbolKeyPanel: KeyPanel {
        id: symbolPanel
        KeyFace {
            id: symbolFace
            control: symbolPanel.control
            restColor: kioskStyle.functionKeyColor
            KeyLabel {
                face: symbolFace
                anchors.fill: parent
                text: symbolPanel.control ? symbolPanel.control.displayText : ""
                font.pixelSize: kioskStyle.wordSize
                font.capitalization: Font.AllUppercase
            }
        }
    }

    modeKeyPanel: KeyPanel {
        id: modePanel
        KeyFace {
            id: modeFace
            control: modePanel.control
            restColor: kioskStyle.functionKeyColor
            KeyLabel {
                face: modeFace
                anchors.fill: parent
                text: modePanel.control ? modePanel.control.displayText : ""
                font.pixelSize: kioskStyle.wordSize
            }
        }
    }

    characterPreviewMargin: 0
    characterPreviewDelegate: Item {
        property string text
        Rectangle {
            anchors.fill: parent
            radius: 10
            color: kioskStyle.pressedColor
            Text {
                anchors.centerIn: parent
                text: parent.parent.text
                color: kioskStyle.pressedLabelColor
                font.family: kioskStyle.fontFamily
                font.pixelSize: Math.round(kioskStyle.letterSize * 1.4)
            }
        }
    }

    alternateKeysListItemWidth: Math.round(100 * scaleHint)
    alternateKeysListItemHeight: Math.round(110 * scaleHint)
    alternateKeysListDelegate: Item {
        id: alternateItem
        width: kioskStyle.alternateKeysListItemWidth
        height: kioskStyle.alternateKeysListItemHeight
        Text {
            anchors.centerIn: parent
            text: model.text
            color: alternateItem.ListView.isCurrentItem ? kioskStyle.pressedLabelColor : kioskStyle.labelColor
            font.family: kioskStyle.fontFamily
            font.pixelSize: kioskStyle.letterSize
        }
    }
    alternateKeysListHighlight: Rectangle {
        color: kioskStyle.pressedColor
        radius: 10
    }
    alternateKeysListBackground: Rectangle {
        color: kioskStyle.keyColor
        border.color: kioskStyle.borderColor
        border.width: 2
        radius: 10
    }

    selectionListHeight: Math.round(80 * scaleHint)
    selectionListDelegate: SelectionListItem {
        id: selectionItem
        width: selectionLabel.width + Math.round(60 * kioskStyle.scaleHint)
        Text {
            id: selectionLabel
            anchors.centerIn: parent
            text: display
            color: kioskStyle.labelColor
            font.family: kioskStyle.fontFamily
            font.pixelSize: kioskStyle.wordSize
        }
    }
    selectionListBackground: Rectangle {
        color: kioskStyle.boardColor
    }

    languagePopupListEnabled: false

    popupListDelegate: SelectionListItem {
        id: popupItem
        property real cursorAnchor: popupLabel.x + popupLabel.width
        width: popupLabel.width + Math.round(40 * kioskStyle.scaleHint)
        height: popupLabel.height + Math.round(20 * kioskStyle.scaleHint)
        Text {
            id: popupLabel
            anchors.centerIn: parent
            text: display
            color: kioskStyle.labelColor
            font.family: kioskStyle.fontFamily
            font.pixelSize: kioskStyle.wordSize
        }
    }
    popupListBackground: Rectangle {
        color: kioskStyle.keyColor
        border.color: kioskStyle.borderColor
        border.width: 2
    }
    popupListHighlight: Rectangle {
        color: kioskStyle.toneKeyColor
    }

    navigationHighlight: Rectangle {
        color: "transparent"
        border.color: kioskStyle.pressedColor
        border.width: 5
    }

    fullScreenInputColor: kioskStyle.labelColor
    fullScreenInputFont.pixelSize: kioskStyle.wordSize
}
