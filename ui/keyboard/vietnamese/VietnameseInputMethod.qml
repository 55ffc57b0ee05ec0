import QtQuick
import QtQuick.VirtualKeyboard as VKB
import "tones.js" as Tones

// Typing Vietnamese on the kiosk's keyboard: a letter goes in as it is (its word's tone
// moved if the letter changes where it belongs: "hóa" + "n" -> "hoán"); a tone key (it
// sends the tone's combining mark) puts that tone on the right vowel of the word at the
// cursor, in place of any other. Nothing is held back as pre-edit text: what the resident
// sees in the field is what is typed. Every other key (backspace, enter, space...) is left
// to the keyboard's own handling.
// (VKB.InputMethod: QtQuick has an InputMethod of its own, not the keyboard's.)
VKB.InputMethod {
    function inputModes(locale) {
        return [VKB.InputEngine.InputMode.Latin]
    }

    function setInputMode(locale, inputMode) {
        return true
    }

    function setTextCase(textCase) {
        return true
    }

    function reset() {
    }

    function update() {
    }

    function selectionLists() {
        return []
    }

    // The letters around the cursor: {before, after}.
    function wordAtCursor() {
        var text = inputContext.surroundingText
        var cursor = inputContext.cursorPosition
        var start = cursor, end = cursor
        while (start > 0 && Tones.isLetter(text.charAt(start - 1)))
            start--
        while (end < text.length && Tones.isLetter(text.charAt(end)))
            end++
        return { before: text.substring(start, cursor), after: text.substring(cursor, end) }
    }

    function replaceWord(word, replacement) {
        if (replacement !== word.before + word.after)
            inputContext.commit(replacement, -word.before.length, word.before.length + word.after.length)
    }

    function keyEvent(key, text, modifiers) {
        if (inputContext === null)
            return false
        if (inputContext.selectedText.length > 0)
            return Tones.isMark(text)  // a letter replaces the selection; a tone does nothing
        if (Tones.isMark(text)) {
            var word = wordAtCursor()
            replaceWord(word, Tones.applyTone(word.before + word.after, Tones.toneOfMark(text)))
            return true
        }
        if (text.length !== 1 || !Tones.isLetter(text))
            return false
        var typed = wordAtCursor()
        var settled = Tones.settle(typed.before + text + typed.after)
        if (settled === typed.before + text + typed.after)
            inputContext.commit(text)
        else
            inputContext.commit(settled, -typed.before.length, typed.before.length + typed.after.length)
        return true
    }
}
