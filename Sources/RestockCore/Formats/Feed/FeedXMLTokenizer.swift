/// One piece of XML markup, as byte ranges into ``FeedXMLTokenizer/buffer``. A range is valid
/// until the next ``FeedXMLTokenizer/append(_:)``, which drops the bytes already read.
enum FeedXMLToken: Equatable {
    /// `attributes` spans everything between the name and `>` (or `/>`), still undecoded.
    case startTag(name: Range<Int>, attributes: Range<Int>, selfClosing: Bool)
    case endTag(name: Range<Int>)
    /// Character data with entities still encoded.
    case text(Range<Int>)
    /// The inside of `<![CDATA[…]]>`, taken literally.
    case cdata(Range<Int>)
}

/// Splits a UTF-8 XML byte stream into tags and character data as the bytes arrive.
///
/// Only the unread tail of the input is kept: a token cut by a chunk boundary waits in the buffer
/// until its end arrives, and one longer than ``maxTokenLength`` is an error rather than unbounded
/// memory. Comments, processing instructions, the XML declaration and a DOCTYPE are skipped; the
/// DOCTYPE's entities are never expanded (the "billion laughs" stays harmless). No FoundationXML,
/// so RestockCore keeps no libxml2 dependency.
struct FeedXMLTokenizer {
    static let maxTokenLength = 1 << 20

    private(set) var buffer: [UInt8] = []
    private var position = 0
    /// Newlines in the bytes already dropped from ``buffer``, so errors can name a line.
    private var droppedLines = 0

    /// Adds the next chunk, first dropping what has been read so the buffer stays one chunk plus
    /// an unfinished token.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if position > 0 {
            droppedLines += Self.newlines(in: buffer[..<position])
            buffer.removeSubrange(..<position)
            position = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The line of a buffer offset (1-based), for messages.
    func line(at offset: Int) -> Int { droppedLines + 1 + Self.newlines(in: buffer[..<offset]) }

    /// The line where reading has got to.
    var line: Int { line(at: position) }

    /// The next complete token, or nil when the buffered bytes are used up or end inside one.
    /// With `atEnd` no more bytes will come: trailing text is complete, and an unfinished tag,
    /// comment or CDATA section means the document was truncated.
    mutating func next(atEnd: Bool) throws(FeedError) -> FeedXMLToken? {
        while position < buffer.count {
            let start = position
            switch buffer.withUnsafeBufferPointer({ Self.scan($0, from: start, atEnd: atEnd) }) {
            case .token(let token, let end):
                position = end
                return token
            case .skipped(let end):
                position = end
            case .incomplete(let construct):
                if atEnd {
                    throw FeedError("line \(line(at: start)): the document ends inside \(construct): truncated")
                }
                if buffer.count - start > Self.maxTokenLength {
                    throw FeedError("line \(line(at: start)): \(construct) is longer than 1 MiB")
                }
                return nil
            case .malformed(let problem):
                throw FeedError("line \(line(at: start)): \(problem)")
            }
        }
        return nil
    }

    private enum Scan {
        case token(FeedXMLToken, end: Int)
        case skipped(end: Int)
        case incomplete(String)
        case malformed(String)
    }

    private static let lt = UInt8(ascii: "<")
    private static let gt = UInt8(ascii: ">")
    private static let slash = UInt8(ascii: "/")

    private static func scan(_ p: UnsafeBufferPointer<UInt8>, from start: Int, atEnd: Bool) -> Scan {
        let count = p.count
        guard p[start] == lt else {
            var end = start
            while end < count, p[end] != lt { end += 1 }
            if end == count, !atEnd { return .incomplete("character data") }
            return .token(.text(start..<end), end: end)
        }
        guard start + 1 < count else { return .incomplete("a tag") }
        switch p[start + 1] {
        case slash:
            return scanEndTag(p, from: start)
        case UInt8(ascii: "?"):
            guard let end = find("?>", in: p, from: start + 2) else { return .incomplete("a processing instruction") }
            return .skipped(end: end + 2)
        case UInt8(ascii: "!"):
            switch hasPrefix("<!--", in: p, at: start) {
            case nil: return .incomplete("a comment")
            case true:
                guard let end = find("-->", in: p, from: start + 4) else { return .incomplete("a comment") }
                return .skipped(end: end + 3)
            case false: break
            }
            switch hasPrefix("<![CDATA[", in: p, at: start) {
            case nil: return .incomplete("a CDATA section")
            case true:
                guard let end = find("]]>", in: p, from: start + 9) else { return .incomplete("a CDATA section") }
                return .token(.cdata(start + 9..<end), end: end + 3)
            case false: return scanDeclaration(p, from: start + 2)
            }
        default:
            return scanStartTag(p, from: start)
        }
    }

    private static func scanStartTag(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> Scan {
        guard isNameStart(p[start + 1]) else { return .malformed("a '<' that starts no tag (write it as &lt;)") }
        var nameEnd = start + 1
        while nameEnd < p.count, !FeedItemBuilder.isSpace(p[nameEnd]), p[nameEnd] != slash, p[nameEnd] != gt {
            nameEnd += 1
        }
        // `>` may appear inside a quoted attribute value, so track quotes up to the tag's end.
        var index = nameEnd
        var quote: UInt8 = 0
        while index < p.count {
            let byte = p[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == gt {
                let selfClosing = p[index - 1] == slash
                let attributes = nameEnd..<(selfClosing ? index - 1 : index)
                return .token(
                    .startTag(name: start + 1..<nameEnd, attributes: attributes, selfClosing: selfClosing),
                    end: index + 1)
            }
            index += 1
        }
        return .incomplete("a tag")
    }

    private static func scanEndTag(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> Scan {
        var end = start + 2
        while end < p.count, p[end] != gt { end += 1 }
        guard end < p.count else { return .incomplete("an end tag") }
        var nameEnd = start + 2
        while nameEnd < end, !FeedItemBuilder.isSpace(p[nameEnd]) { nameEnd += 1 }
        guard nameEnd > start + 2, (nameEnd..<end).allSatisfy({ FeedItemBuilder.isSpace(p[$0]) }) else {
            return .malformed("a malformed end tag")
        }
        return .token(.endTag(name: start + 2..<nameEnd), end: end + 1)
    }

    /// `<!DOCTYPE …>` and any other `<!…>`: skipped up to the `>` outside quotes and outside the
    /// internal subset's `[…]`.
    private static func scanDeclaration(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> Scan {
        var quote: UInt8 = 0
        var depth = 0
        for index in start..<p.count {
            let byte = p[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte
            case UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "]"): depth -= 1
            case gt where depth <= 0: return .skipped(end: index + 1)
            default: break
            }
        }
        return .incomplete("a DOCTYPE declaration")
    }

    /// Whether `literal` starts at `offset`; nil when the buffer ends before that is known.
    private static func hasPrefix(_ literal: StaticString, in p: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool? {
        let bytes = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for (index, byte) in bytes.enumerated() {
            guard offset + index < p.count else { return nil }
            if p[offset + index] != byte { return false }
        }
        return true
    }

    private static func find(_ literal: StaticString, in p: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let count = literal.utf8CodeUnitCount
        let first = literal.utf8Start[0]
        var index = start
        while index + count <= p.count {
            if p[index] == first, hasPrefix(literal, in: p, at: index) == true { return index }
            index += 1
        }
        return nil
    }

    /// Letters, `_`, `:` and any non-ASCII byte (XML allows most of Unicode in names).
    private static func isNameStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "_"), UInt8(ascii: ":"), 0x80...:
            true
        default: false
        }
    }

    static func newlines(in bytes: ArraySlice<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte == 0x0A { count += 1 }
        return count
    }
}
