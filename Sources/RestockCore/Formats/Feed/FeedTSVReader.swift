/// Reads a tab-separated Google feed: a header row naming the columns, then one product a line.
///
/// A byte-driven state machine, so a chunk may end anywhere (inside a quoted field, between `\r`
/// and `\n`) and only the field being read is kept. Header names are matched case-insensitively
/// with or without `g:` (`ID`, `g:id`, `image link`); unknown columns are skipped without being
/// copied. A field may be quoted (`"a ""b"" c"`), and a quoted field may hold tabs and newlines.
/// A short line is read as far as it goes. The `\r` of a CRLF needs no case of its own: every
/// field is trimmed of ASCII whitespace when kept.
struct FeedTSVReader {
    private enum State {
        case fieldStart, unquoted, quoted
        /// Just after a `"` inside a quoted field: either an escaped `""` or the closing quote.
        case afterQuote
    }

    private static let tab = UInt8(ascii: "\t")
    private static let newline = UInt8(ascii: "\n")
    private static let quote = UInt8(ascii: "\"")
    private static let carriageReturn = UInt8(ascii: "\r")

    private var state = State.fieldStart
    /// The field each column feeds; nil until the header row has been read.
    private var columns: [FeedItemBuilder.Field?]?
    private var header: [String] = []
    private var headerBytes = 0
    private var fieldIndex = 0
    /// Whether the current column is kept (every header column is).
    private var wanted = true
    private var field: [UInt8] = []
    private var item = FeedItemBuilder()
    private var line = 1
    private var quoteLine = 1

    mutating func consume(_ p: UnsafeBufferPointer<UInt8>) throws(FeedError) -> [FeedItem] {
        var items: [FeedItem] = []
        var index = 0
        while index < p.count {
            switch state {
            case .fieldStart:
                if p[index] == Self.quote {
                    state = .quoted
                    quoteLine = line
                    index += 1
                } else {
                    state = .unquoted
                }
            case .unquoted:
                var end = index
                while end < p.count, p[end] != Self.tab, p[end] != Self.newline { end += 1 }
                try keep(UnsafeBufferPointer(rebasing: p[index..<end]))
                index = end
                guard end < p.count else { break }
                try endField(endsRow: p[end] == Self.newline, into: &items)
                index += 1
            case .quoted:
                var end = index
                while end < p.count, p[end] != Self.quote {
                    if p[end] == Self.newline { line += 1 }
                    end += 1
                }
                try keep(UnsafeBufferPointer(rebasing: p[index..<end]))
                index = end
                if end < p.count {
                    state = .afterQuote
                    index += 1
                }
            case .afterQuote:
                let byte = p[index]
                index += 1
                switch byte {
                case Self.quote:
                    try keep(byte)
                    state = .quoted
                case Self.tab, Self.newline:
                    try endField(endsRow: byte == Self.newline, into: &items)
                case Self.carriageReturn:
                    break  // `"x"\r\n`: the line end comes next, and the field stays quoted.
                default:
                    // `"a"b` is not valid, but its meaning is plain enough: keep reading the field.
                    try keep(byte)
                    state = .unquoted
                }
            }
        }
        return items
    }

    /// The last line, when it has no newline; throws for a quoted field that never closes or a
    /// feed without a usable header row.
    mutating func finish() throws(FeedError) -> [FeedItem] {
        if state == .quoted {
            throw FeedError("line \(quoteLine): a quoted field is never closed: truncated")
        }
        var items: [FeedItem] = []
        if state != .fieldStart || fieldIndex > 0 || columns == nil {
            try endField(endsRow: true, into: &items)
        }
        return items
    }

    private mutating func keep(_ bytes: UnsafeBufferPointer<UInt8>) throws(FeedError) {
        guard wanted, !bytes.isEmpty else { return }
        try checkLength(adding: bytes.count)
        field.append(contentsOf: bytes)
    }

    private mutating func keep(_ byte: UInt8) throws(FeedError) {
        guard wanted else { return }
        try checkLength(adding: 1)
        field.append(byte)
    }

    private mutating func checkLength(adding count: Int) throws(FeedError) {
        if columns == nil {
            headerBytes += count
            guard headerBytes <= FeedXMLTokenizer.maxTokenLength else {
                throw FeedError("line 1: the header row is longer than 1 MiB: not a feed")
            }
        }
        guard field.count + count <= FeedXMLTokenizer.maxTokenLength else {
            throw FeedError("line \(line): a field is longer than 1 MiB")
        }
    }

    private mutating func endField(endsRow: Bool, into items: inout [FeedItem]) throws(FeedError) {
        if let columns {
            if fieldIndex < columns.count, let column = columns[fieldIndex] { item.set(column, bytes: field) }
        } else {
            header.append(String(decoding: field, as: UTF8.self))
        }
        field.removeAll(keepingCapacity: true)
        state = .fieldStart
        fieldIndex = endsRow ? 0 : fieldIndex + 1
        if endsRow { try endRow(into: &items) }
        wanted = columns.map { fieldIndex < $0.count && $0[fieldIndex] != nil } ?? true
    }

    private mutating func endRow(into items: inout [FeedItem]) throws(FeedError) {
        defer { line += 1 }
        guard columns != nil else {
            let fields = header.map(Self.column)
            guard fields.contains(.id) else {
                throw FeedError("line \(line): the header row names no id column: not a product feed")
            }
            columns = fields
            header = []
            return
        }
        if let built = item.build() { items.append(built) }
        item = FeedItemBuilder()
    }

    /// `ID`, `g:id`, ` Image Link ` → the field; nil for a column Restock does not read.
    private static func column(_ name: String) -> FeedItemBuilder.Field? {
        var name = FeedItemBuilder.trimmedString(Array(name.utf8))?.lowercased() ?? ""
        if name.hasPrefix("g:") { name.removeFirst(2) }
        return FeedItemBuilder.Field(googleName: name.replacing(" ", with: "_"))
    }
}
