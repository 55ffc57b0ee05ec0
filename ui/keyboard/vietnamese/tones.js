.pragma library

// Vietnamese tone marks: where a tone goes in a syllable, and putting it there.
//
// The placement is the traditional one, the one older residents learnt and the one the
// kiosk's own words and Hanoi's ward names use ("hòa", "khỏe", "thủy"): in an open syllable
// of two vowels the tone goes on the first ("hóa"), with a final consonant on the last
// ("hoán"), on the middle one of three ("ngoài"), and always on a vowel that already has a
// mark (â ă ê ô ơ ư; ơ in ươ: "người"). "qu" and "gi" count as consonants ("quả", "già").
// A word written the newer way ("hoà", "thuỷ") is kept as it is while it stays right.

// The tones, in the order of each row of VOWELS.
var NONE = 0, HUYEN = 1, SAC = 2, HOI = 3, NGA = 4, NANG = 5

// The combining mark each tone key sends, and its tone.
var MARKS = { "\u0300": HUYEN, "\u0301": SAC, "\u0309": HOI, "\u0303": NGA, "\u0323": NANG }

var VOWELS = [
    "aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
    "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ"
]
var MARKED = "ăâêôơư"

// Every lower-case vowel with its tone: "ế" -> {base: "ê", tone: SAC}.
var TABLE = (function () {
    var table = {}
    for (var row = 0; row < VOWELS.length; row++)
        for (var tone = 0; tone < 6; tone++)
            table[VOWELS[row].charAt(tone)] = { base: VOWELS[row].charAt(0), tone: tone, row: row }
    return table
})()

function isMark(text) {
    return MARKS.hasOwnProperty(text)
}

function toneOfMark(text) {
    return MARKS[text]
}

function isLetter(ch) {
    return ch.length === 1 && (ch.toLowerCase() !== ch.toUpperCase() || TABLE.hasOwnProperty(ch))
}

function vowelOf(ch) {
    return TABLE[ch.toLowerCase()]
}

// `ch` (a vowel, either case) with `tone` in place of its own.
function withTone(ch, tone) {
    var v = vowelOf(ch)
    var toned = VOWELS[v.row].charAt(tone)
    return ch === ch.toLowerCase() ? toned : toned.toUpperCase()
}

// The tone a word carries and where: {index, tone}, or null if it has none.
function toneIn(word) {
    for (var i = 0; i < word.length; i++) {
        var v = vowelOf(word.charAt(i))
        if (v !== undefined && v.tone !== NONE)
            return { index: i, tone: v.tone }
    }
    return null
}

// The word with no tone at all.
function bare(word) {
    var out = ""
    for (var i = 0; i < word.length; i++) {
        var ch = word.charAt(i)
        out += vowelOf(ch) !== undefined ? withTone(ch, NONE) : ch
    }
    return out
}

// Where the tone goes in `word`: {preferred, allowed}, indexes into word; null when the
// word has no vowel.
function placesFor(word) {
    var lower = bare(word).toLowerCase()
    var end = lower.length
    while (end > 0 && vowelOf(lower.charAt(end - 1)) === undefined)
        end--
    if (end === 0)
        return null
    var start = end - 1
    while (start > 0 && vowelOf(lower.charAt(start - 1)) !== undefined)
        start--
    // "qu" and "gi" before another vowel are consonants.
    var first = lower.charAt(start), before = start > 0 ? lower.charAt(start - 1) : ""
    if (end - start > 1 && ((first === "u" && before === "q") || (first === "i" && before === "g")))
        start++
    var run = lower.substring(start, end)
    var closed = end < lower.length
    var preferred = -1
    for (var i = run.length - 1; i >= 0 && preferred < 0; i--)
        if (MARKED.indexOf(run.charAt(i)) >= 0)
            preferred = i
    if (preferred < 0) {
        if (run.length === 1)
            preferred = 0
        else if (closed)
            preferred = run.length - 1
        else if (run.length === 3)
            preferred = 1
        else
            preferred = 0
    }
    var allowed = [start + preferred]
    // The newer way: "hoà", "khoẻ", "thuỷ".
    if (!closed && (run === "oa" || run === "oe" || run === "uy"))
        allowed.push(start + 1)
    return { preferred: start + preferred, allowed: allowed }
}

function placed(word, tone, index) {
    var plain = bare(word)
    if (tone === NONE)
        return plain
    return plain.substring(0, index) + withTone(plain.charAt(index), tone) + plain.substring(index + 1)
}

// The word after the tone key `tone` is pressed: the tone on its right vowel, in place of
// any other; the same tone again takes it off. Unchanged if the word has no vowel.
function applyTone(word, tone) {
    var places = placesFor(word)
    if (places === null)
        return word
    var current = toneIn(word)
    if (current !== null && current.tone === tone)
        return bare(word)
    return placed(word, tone, places.preferred)
}

// The word after a letter was added to it: its tone moved if it no longer sits right
// ("hóa" + "n" -> "hoán", "ngòa" + "i" -> "ngoài"), otherwise as typed.
function settle(word) {
    var current = toneIn(word)
    if (current === null)
        return word
    var places = placesFor(word)
    if (places === null || places.allowed.indexOf(current.index) >= 0)
        return word
    return placed(word, current.tone, places.preferred)
}
