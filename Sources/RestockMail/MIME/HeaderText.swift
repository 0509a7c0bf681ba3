#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Turns caller text into header lines that cannot be misread: values are checked for line
/// breaks, encoded as RFC 2047 words when they are not plain ASCII, and folded.
///
/// Lines stay within 78 characters where a value can be split (RFC 5322 §2.1.1 "SHOULD"), and a
/// value that cannot be split below 998 octets (the "MUST") is refused rather than sent broken.
enum HeaderText {
    /// RFC 5322 §2.1.1: "Each line of characters SHOULD be no more than 78 characters".
    static let preferredLineLength = 78
    /// RFC 5322 §2.1.1: "Each line of characters MUST be no more than 998 characters".
    static let maximumLineLength = 998
    /// RFC 2047 §2: "An 'encoded-word' may not be more than 75 characters long".
    static let maximumEncodedWordLength = 75

    /// RFC 5322 §3.2.3 `atext`: what may appear in an atom without quoting.
    private static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    /// CR or LF would end the header line and let the rest of the value become a header of its
    /// own (header injection); NUL truncates it in C-based software along the way.
    static func rejectLineBreaks(_ value: String, field: String) throws(MailError) {
        if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            throw MailError(.headerInjection, field: field, details: value)
        }
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    static func isAtext(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return false }
        return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || atextSymbols.contains(scalar)
    }

    /// Printable ASCII and spaces, with no `=?` that a decoder could take for an encoded word.
    private static func isPlainPrintable(_ value: String) -> Bool {
        value.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) } && !value.contains("=?")
    }

    /// An unstructured field (`Subject`, extra headers; RFC 5322 §3.2.5).
    ///
    /// Plain ASCII is folded at its spaces, which unfolding restores exactly. Anything else, and
    /// ASCII whose spacing folding could change (leading, trailing or doubled spaces) or whose
    /// words are too long to fold, becomes a run of encoded words, which decoders join with no
    /// space between them (RFC 2047 §6.2), so the decoded value is the input exactly.
    static func unstructured(_ name: String, _ value: String) throws(MailError) -> String {
        try rejectLineBreaks(value, field: name)
        let words = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let foldable =
            isPlainPrintable(value) && !words.contains(where: \.isEmpty)
            && words.allSatisfy { $0.utf8.count <= maximumLineLength - name.utf8.count - 3 }
        if foldable || value.isEmpty {
            return try fold(name, words.filter { !$0.isEmpty })
        }
        return try fold(name, encodedWords(value, firstCapacity: firstWordCapacity(name)))
    }

    /// A mailbox field (`From`, `To`, `Reply-To`; RFC 5322 §3.4): `name <address>`, the name as
    /// atoms when it is made of them, quoted when it holds specials such as `.` or `,`, encoded
    /// when it is not plain ASCII.
    static func mailbox(_ name: String, _ address: MailAddress) throws(MailError) -> String {
        let email = try address.validatedEmail(field: name)
        guard let displayName = address.displayName, !displayName.isEmpty else {
            return try fold(name, [email])
        }
        try rejectLineBreaks(displayName, field: name)
        return try fold(name, phrase(displayName, field: name) + ["<\(email)>"])
    }

    /// A display name as an RFC 5322 `phrase`.
    ///
    /// Encoded words that are adjacent in a phrase are where decoders disagree: RFC 2047 §6.2
    /// drops the whitespace between them (Gmail, Apple Mail, Thunderbird do), Python's `email`
    /// keeps it. So a name is one encoded word when it fits in one; a longer name keeps its plain
    /// ASCII words as atoms and encodes only the runs of other words, so that every space the
    /// reader sees is a real one in both readings. Only a run too long for one word is split into
    /// adjacent words.
    private static func phrase(_ text: String, field: String) -> [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        func isAtom(_ word: Substring) -> Bool {
            !word.isEmpty && word.unicodeScalars.allSatisfy(isAtext) && !word.contains("=?")
        }
        if words.allSatisfy(isAtom) { return words.map(String.init) }
        if isPlainPrintable(text), text.utf8.count < 900 {
            var quoted = "\""
            for character in text {
                if character == "\"" || character == "\\" { quoted.append("\\") }
                quoted.append(character)
            }
            return [quoted + "\""]
        }
        let whole = encodedWords(text, firstCapacity: firstWordCapacity(field))
        guard whole.count > 1, !words.contains(where: \.isEmpty) else { return whole }
        var tokens: [String] = []
        var run: [Substring] = []
        func flushRun() {
            guard !run.isEmpty else { return }
            let capacity = tokens.isEmpty ? firstWordCapacity(field) : maximumEncodedWordLength
            tokens += encodedWords(run.joined(separator: " "), firstCapacity: capacity)
            run = []
        }
        for word in words {
            if isAtom(word) {
                flushRun()
                tokens.append(String(word))
            } else {
                run.append(word)
            }
        }
        flushRun()
        return tokens
    }

    /// Room for the first encoded word on the `Name: ` line, but never so little that a
    /// four-byte character (an emoji) cannot fit: a long extra header name starts the words on a
    /// line of their own instead.
    private static func firstWordCapacity(_ name: String) -> Int {
        max(preferredLineLength - name.utf8.count - 2, 24)
    }

    /// `=?utf-8?B?…?=` words of at most 75 characters, split between characters and never inside
    /// a UTF-8 sequence: RFC 2047 §5 requires "each 'encoded-word' MUST represent an integral
    /// number of characters". B rather than Q because it is valid in every position (Q in a
    /// phrase has a reduced alphabet, RFC 2047 §5(3)) and never longer than Q for non-Latin text.
    static func encodedWords(_ text: String, firstCapacity: Int) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        func capacity() -> Int {
            let characters = (words.isEmpty ? min(firstCapacity, maximumEncodedWordLength) : maximumEncodedWordLength)
            return (characters - 12) / 4 * 3
        }
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append("=?utf-8?B?\(Data(chunk).base64EncodedString())?=")
            chunk = []
        }
        for character in text {
            let bytes = Array(character.utf8)
            if chunk.count + bytes.count <= capacity() {
                chunk += bytes
                continue
            }
            flush()
            if bytes.count <= capacity() {
                chunk = bytes
                continue
            }
            for scalar in character.unicodeScalars {
                let scalarBytes = Array(String(scalar).utf8)
                if chunk.count + scalarBytes.count > capacity() { flush() }
                chunk += scalarBytes
            }
        }
        flush()
        return words
    }

    /// `Name: token token…` with a fold (CRLF and one space) before any token that would carry the
    /// line past 78 characters. Tokens are never split, so one longer than 998 octets is refused.
    static func fold(_ name: String, _ tokens: [String]) throws(MailError) -> String {
        var header = name + ":"
        var lineLength = header.utf8.count
        for (index, token) in tokens.enumerated() {
            let length = token.utf8.count
            if index > 0, lineLength + 1 + length > preferredLineLength {
                header += "\r\n "
                lineLength = 1
            } else {
                header += " "
                lineLength += 1
            }
            header += token
            lineLength += length
            guard lineLength <= maximumLineLength else {
                throw MailError(.headerTooLong, field: name, details: token)
            }
        }
        return header + "\r\n"
    }
}
