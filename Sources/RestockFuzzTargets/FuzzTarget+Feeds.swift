import RestockCore

/// The merchant feed parser, streamed as the poller streams an HTTP body.
extension FuzzTarget {
    /// What one parse gave: the items in order, and the error that ended it, if any.
    struct FeedOutcome {
        var items: [FeedItem] = []
        var error: String?

        /// The same error, or no error and the same items: items completed before an error
        /// depend on where the chunks ended, since a chunk that fails returns none.
        func agrees(with other: FeedOutcome) -> Bool {
            error == other.error && (error != nil || items == other.items)
        }
    }

    /// Input: a whole feed; `xml` picks which reader the target is for (an input that would go to
    /// the other one is skipped, so each target's corpus stays its own).
    ///
    /// Parsed in one chunk and again in chunks of sizes drawn from the input, the feed must give
    /// the same items or the same error: a chunk may end anywhere. Every item has an id, trimmed,
    /// and a price only with a currency code.
    static func feed(_ input: FuzzInput, xml: Bool) throws(FuzzFailure) {
        let start = input.bytes.drop {
            $0 == 0xEF || $0 == 0xBB || $0 == 0xBF || $0 == 0x20 || (0x09...0x0D).contains($0)
        }
        guard (start.first == UInt8(ascii: "<")) == xml else { return }
        let whole = parse(input.bytes, chunkSizes: [input.bytes.count])
        var generator = input.generator()
        let sizes = (0..<64).map { _ in
            Bool.random(using: &generator)
                ? Int.random(in: 1...8, using: &generator) : Int.random(in: 1...4096, using: &generator)
        }
        let chunked = parse(input.bytes, chunkSizes: sizes)
        try expect(
            chunked.agrees(with: whole),
            "chunks \(sizes.prefix(8)) read \(chunked.items.count) items (\(chunked.error ?? "no error")), one chunk \(whole.items.count) (\(whole.error ?? "no error"))"
        )
        for item in whole.items {
            try expect(!item.id.isEmpty, "an item without an id")
            // XML's white space (and TSV's): other characters are part of the id.
            let space: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
            try expect(
                !space.contains(item.id.utf8.first!) && !space.contains(item.id.utf8.last!),
                "an untrimmed id \(item.id.debugDescription)")
            try expect(item.currency.map(isCurrencyCode) ?? true, "feed currency \(item.currency ?? "")")
            try expect((item.priceMinor == nil) == (item.currency == nil), "a feed price without a currency")
            try expect((item.priceMinor ?? 0) >= 0, "negative feed price")
        }
    }

    /// Parses `bytes` in chunks of the given sizes, cycling through them.
    static func parse(_ bytes: [UInt8], chunkSizes: [Int]) -> FeedOutcome {
        var parser = FeedParser()
        var outcome = FeedOutcome()
        var offset = 0
        var next = 0
        do throws(FeedError) {
            while offset < bytes.count {
                let end = min(bytes.count, offset + max(1, chunkSizes[next % chunkSizes.count]))
                outcome.items += try parser.consume(bytes[offset..<end])
                offset = end
                next += 1
            }
            outcome.items += try parser.finish()
        } catch {
            outcome.error = "\(error)"
        }
        return outcome
    }
}
