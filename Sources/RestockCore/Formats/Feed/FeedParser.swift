/// Reads a Google Merchant product feed while its HTTP body streams in: RSS 2.0, Atom 1.0 or
/// tab-separated text, told apart by the first non-whitespace byte (after an optional UTF-8 byte
/// order mark): `<` is XML, anything else a TSV header row.
///
/// Memory stays flat however long the feed: the parser keeps the item being built and the
/// unread tail of the last chunk, and refuses a single token or field beyond 1 MiB. Items come
/// out in document order; an item without an id is skipped. Text is read as UTF-8 (an invalid
/// sequence becomes U+FFFD), which is what Google requires of feeds.
///
/// ```swift
/// var parser = FeedParser()
/// for try await chunk in body { apply(try parser.consume(chunk)) }
/// apply(try parser.finish())
/// ```
public struct FeedParser: Sendable {
    private enum Format { case undetected, xml, tsv, finished }

    private var format = Format.undetected
    /// How many bytes of the UTF-8 byte order mark have been seen; 3 once past it (or past
    /// where it would be).
    private var byteOrderMark = 0
    private var xml = FeedXMLReader()
    private var tsv = FeedTSVReader()
    /// The first error; the parser stays failed so a caller that carries on learns nothing false.
    private var failure: FeedError?

    public init() {}

    /// Parses as much as the bytes allow and returns the items completed in this chunk, in order.
    /// A chunk may end anywhere: inside a tag, an entity, a CDATA section, a multi-byte UTF-8
    /// character or a TSV line.
    public mutating func consume(_ bytes: some Collection<UInt8>) throws(FeedError) -> [FeedItem] {
        let result =
            bytes.withContiguousStorageIfAvailable { buffer in
                Result { () throws(FeedError) in try consume(buffer: buffer) }
            }
            ?? Array(bytes).withUnsafeBufferPointer { buffer in
                Result { () throws(FeedError) in try consume(buffer: buffer) }
            }
        return try result.get()
    }

    /// The end of the body: returns the last items (a TSV line without a final newline), or
    /// throws when the document is empty, truncated or not a feed.
    public mutating func finish() throws(FeedError) -> [FeedItem] {
        if let failure { throw failure }
        defer { format = .finished }
        do throws(FeedError) {
            switch format {
            case .undetected: throw FeedError("the feed is empty")
            case .xml: return try xml.finish()
            case .tsv: return try tsv.finish()
            case .finished: throw FeedError("finish() was called twice")
            }
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func consume(buffer: UnsafeBufferPointer<UInt8>) throws(FeedError) -> [FeedItem] {
        if let failure { throw failure }
        do throws(FeedError) {
            switch format {
            case .undetected:
                guard let start = try contentStart(in: buffer) else { return [] }
                format = buffer[start] == UInt8(ascii: "<") ? .xml : .tsv
                return try consume(buffer: UnsafeBufferPointer(rebasing: buffer[start...]))
            case .xml: return try xml.consume(buffer)
            case .tsv: return try tsv.consume(buffer)
            case .finished: throw FeedError("consume(_:) was called after finish()")
            }
        } catch {
            failure = error
            throw error
        }
    }

    /// Where the document's first significant byte is in this chunk, skipping a byte order mark
    /// (which may itself be split across chunks) and leading whitespace; nil if not yet seen.
    private mutating func contentStart(in buffer: UnsafeBufferPointer<UInt8>) throws(FeedError) -> Int? {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        for (index, byte) in buffer.enumerated() {
            if byteOrderMark < 3 {
                if byte == mark[byteOrderMark] {
                    byteOrderMark += 1
                    continue
                }
                guard byteOrderMark == 0 else { throw FeedError("the feed starts with a broken byte order mark") }
                if byte == 0xFE || byte == 0xFF { throw FeedError("the feed is UTF-16: only UTF-8 is supported") }
                byteOrderMark = 3
            }
            if !FeedItemBuilder.isSpace(byte) { return index }
        }
        return nil
    }
}
