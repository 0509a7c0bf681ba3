import RestockCore
import Testing

@Suite struct FeedParserTests {
    static let documents = [
        (FeedFixtures.rss, FeedFixtures.rssItems),
        (FeedFixtures.atom, FeedFixtures.atomItems),
        (FeedFixtures.tsv, FeedFixtures.tsvItems),
    ]

    @Test func rssFeedGivesItsItemsWithGoogleFieldsPreferred() throws {
        #expect(try FeedFixtures.parse(FeedFixtures.rss) == FeedFixtures.rssItems)
    }

    @Test func atomFeedTakesLinkHrefAndFallsBackToAtomIDWithoutGID() throws {
        #expect(try FeedFixtures.parse(FeedFixtures.atom) == FeedFixtures.atomItems)
    }

    @Test func tsvFeedUnquotesFieldsAndReadsCRLFAndShortLines() throws {
        #expect(try FeedFixtures.parse(FeedFixtures.tsv) == FeedFixtures.tsvItems)
    }

    @Test(arguments: 0..<3)
    func oneByteAtATimeGivesTheSameItems(document: Int) throws {
        let (text, expected) = Self.documents[document]
        #expect(try FeedFixtures.parse(text, chunkSizes: [1]) == expected)
    }

    @Test(arguments: 0..<3)
    func randomSizedChunksGiveTheSameItems(document: Int) throws {
        let (text, expected) = Self.documents[document]
        for seed in UInt64(1)...20 {
            let sizes = FeedFixtures.randomChunkSizes(seed: seed)
            #expect(try FeedFixtures.parse(text, chunkSizes: sizes) == expected, "seed \(seed)")
        }
    }

    /// Every place a two-chunk split can fall: inside a tag, an entity, CDATA, or one of the
    /// multi-byte characters of "Żółta kurtka".
    @Test(arguments: 0..<3)
    func everySplitPointGivesTheSameItems(document: Int) throws {
        let (text, expected) = Self.documents[document]
        let bytes = Array(text.utf8)
        for split in 1..<bytes.count {
            var parser = FeedParser()
            let items =
                try parser.consume(bytes[..<split]) + parser.consume(bytes[split...]) + parser.finish()
            #expect(items == expected, "split at byte \(split)")
        }
    }

    @Test func itemsComeOutWithTheChunkThatCompletesThem() throws {
        let text = FeedFixtures.rss
        let firstItemEnd = text.utf8.distance(from: text.startIndex, to: text.firstRange(of: "</item>")!.upperBound)
        let bytes = Array(text.utf8)
        var parser = FeedParser()
        #expect(try parser.consume(bytes[..<(firstItemEnd - 1)]).isEmpty)
        #expect(try parser.consume(bytes[(firstItemEnd - 1)..<firstItemEnd]).map(\.id) == ["271878346596884015"])
        #expect(try parser.consume(bytes[firstItemEnd...]).map(\.id) == ["sku-2", "sku-3"])
        #expect(try parser.finish().isEmpty)
    }

    @Test func aCollectionWithoutContiguousStorageIsRead() throws {
        var parser = FeedParser()
        let items = try parser.consume(FeedFixtures.tsv.utf8.lazy.map { $0 }) + parser.finish()
        #expect(items == FeedFixtures.tsvItems)
    }

    @Test func bigIDSurvivesExactly() throws {
        let items = try FeedFixtures.parse(FeedFixtures.rss)
        #expect(items.first?.id == "271878346596884015")
        #expect(try FeedFixtures.parse(FeedFixtures.tsv).first?.id == "271878346596884015")
    }

    @Test func byteOrderMarkAndLeadingWhitespaceAreSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("\n  \(FeedFixtures.rss)".utf8)
        #expect(try FeedFixtures.parse(bytes, chunkSizes: [1]) == FeedFixtures.rssItems)
        let tsv: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(FeedFixtures.tsv.utf8)
        #expect(try FeedFixtures.parse(tsv, chunkSizes: [2]) == FeedFixtures.tsvItems)
    }

    @Test func emptyBodyIsAnError() {
        #expect(FeedFixtures.error("")?.message == "the feed is empty")
        #expect(FeedFixtures.error(" \r\n\t")?.message == "the feed is empty")
    }

    @Test func utf16FeedIsRefusedByName() {
        #expect(throws: FeedError("the feed is UTF-16: only UTF-8 is supported")) {
            try FeedFixtures.parse([0xFF, 0xFE, 0x3C, 0x00])
        }
    }

    @Test func htmlPageIsNotAFeed() {
        let page = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head></html>"
        #expect(
            FeedFixtures.error(page)?.message
                == "the document's root element is <html>, not <rss> or <feed>: not a feed")
    }

    @Test func jsonErrorBodyIsNotAFeed() {
        let error = FeedFixtures.error("{\"error\": \"rate limited\"}\n")
        #expect(error?.message == "line 1: the header row names no id column: not a product feed")
    }

    /// Any cut before `</rss>` has fully arrived must fail, never look like a shorter feed: a
    /// short feed would read as products removed.
    @Test func everyTruncationOfAnXMLFeedThrowsOnFinish() {
        let bytes = Array(FeedFixtures.rss.utf8)
        let complete = bytes.count - 1  // the fixture ends in "</rss>\n"
        for cut in 1..<complete {
            var parser = FeedParser()
            #expect(throws: FeedError.self, "cut at byte \(cut)") {
                _ = try parser.consume(bytes[..<cut])
                _ = try parser.finish()
            }
        }
    }

    @Test func truncationMessagesSayWhereAndWhat() {
        let cut = "<rss xmlns:g=\"http://base.google.com/ns/1.0\">\n<channel>\n<item><g:id>1</g:id><g:pri"
        #expect(FeedFixtures.error(cut)?.message == "line 3: the document ends inside a tag: truncated")
        let inText = "<rss><channel>\n<item><g:id>1</g:id><g:price>15.00"
        #expect(FeedFixtures.error(inText)?.message == "line 2: the document ends inside <g:price>: truncated")
        let inCDATA = "<rss><channel><item><g:title><![CDATA[Half"
        #expect(FeedFixtures.error(inCDATA)?.message == "line 1: the document ends inside a CDATA section: truncated")
    }

    @Test func truncatedTSVQuotedFieldThrowsOnFinish() {
        let error = FeedFixtures.error("id\ttitle\n1\t\"Mug\n2\tCup\n")
        #expect(error?.message == "line 2: a quoted field is never closed: truncated")
    }

    @Test func parserStaysFailedAfterAnError() {
        var parser = FeedParser()
        let rootError = FeedError("the document's root element is <html>, not <rss> or <feed>: not a feed")
        #expect(throws: rootError) { try parser.consume(Array("<html>".utf8)) }
        #expect(throws: rootError) { try parser.consume(Array("<rss>".utf8)) }
        #expect(throws: rootError) { try parser.finish() }
    }
}
