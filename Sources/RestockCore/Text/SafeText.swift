/// The one rule for free text that ends up in an email (a name, a product or variant title): one
/// line, no control characters, no invisible formatting that can reorder or hide what a reader
/// sees, and a bounded length.
///
/// Two uses of the same classification: ``problem(_:maxLength:)`` refuses such text at the door
/// (400 naming the field), and ``line(_:maxLength:)`` cleans text that still arrives from a
/// trusted source (a signed platform delivery, the feed) or was stored before the door checked
/// it, so no message can fail because of its content.
public enum SafeText {
    /// What a name may hold, in Unicode scalars: more than any real name, short enough for one
    /// `To:` header line.
    public static let nameLength = 200
    /// What a product or variant title may hold, in Unicode scalars.
    public static let titleLength = 500

    /// How one scalar of one-line text is treated.
    enum Class {
        case keep
        /// A line break, tab or other separator: a space in cleaned text, refused at the door.
        case space
        /// A control or invisible formatting character: dropped from cleaned text, refused at
        /// the door.
        case drop
    }

    /// C0 and C1 controls and DEL can end a header line (CR, LF), truncate text in C libraries
    /// (NUL) or confuse terminals and logs. The bidirectional embeddings, overrides and isolates
    /// (U+202A–U+202E, U+2066–U+2069) and the marks (U+200E, U+200F, U+061C) reorder what a
    /// reader sees, the "Trojan Source" trick: `moc.elpmaxe` shown as `example.com`. Zero-width
    /// space, word joiner, the invisible operators, BOM and the interlinear annotation
    /// characters hide text. The zero-width joiner and non-joiner (U+200C, U+200D) are kept:
    /// emoji sequences and Persian or Indic spelling need them.
    static func classify(_ scalar: Unicode.Scalar) -> Class {
        switch scalar.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: .space
        case 0x00...0x1F, 0x7F...0x9F: .drop
        case 0x061C, 0x200B, 0x200E, 0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF,
            0xFFF9...0xFFFB:
            .drop
        default: .keep
        }
    }

    /// Why `text` cannot be stored as one-line text, or `nil` when it can as it is. The message
    /// is written to follow a field name: `name: must not contain line breaks or control
    /// characters`.
    public static func problem(_ text: String, maxLength: Int) -> String? {
        var count = 0
        for scalar in text.unicodeScalars {
            guard classify(scalar) == .keep else { return "must not contain line breaks or control characters" }
            count += 1
        }
        return count > maxLength ? "must be at most \(maxLength) characters" : nil
    }

    /// `text` made safe for one line: each run of line breaks, tabs and separators becomes one
    /// space, controls and invisible formatting are dropped, surrounding whitespace is trimmed,
    /// and at most `maxLength` scalars are kept (cut at a character boundary, so no accent is
    /// left without its letter). Total: any input gives a result.
    public static func line(_ text: String, maxLength: Int) -> String {
        var cleaned = String.UnicodeScalarView()
        var clean = true
        // A run of breaks (CR LF, a blank line) is one space: `Ann\r\nLee` reads `Ann Lee`.
        var inBreak = false
        for scalar in text.unicodeScalars {
            switch classify(scalar) {
            case .keep:
                cleaned.append(scalar)
                inBreak = false
            case .space:
                if !inBreak { cleaned.append(" ") }
                inBreak = true
                clean = false
            case .drop: clean = false
            }
        }
        var result = clean ? text : String(cleaned)
        result = String(result.trimmingSpaces)
        guard result.unicodeScalars.count > maxLength else { return result }
        var kept = 0
        var end = result.startIndex
        for character in result {
            let size = character.unicodeScalars.count
            guard kept + size <= maxLength else { break }
            kept += size
            end = result.index(after: end)
        }
        return String(result[..<end].trimmingSpaces)
    }

    /// ``line(_:maxLength:)``, or `nil` when nothing is left.
    public static func nonEmptyLine(_ text: String?, maxLength: Int) -> String? {
        guard let text else { return nil }
        let line = line(text, maxLength: maxLength)
        return line.isEmpty ? nil : line
    }
}
