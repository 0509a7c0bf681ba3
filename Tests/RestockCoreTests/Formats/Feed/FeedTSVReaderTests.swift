import RestockCore
import Testing

/// Tab-separated feeds, seen through ``FeedParser``.
@Suite struct FeedTSVReaderTests {
    @Test func headerNamesMatchInAnyCaseWithOrWithoutGPrefix() throws {
        let feed =
            "G:ID\t Title \timage link\tITEM_GROUP_ID\tg:Availability\nv1\tMug\thttps://i.example/m\tgrp\tIn Stock\n"
        #expect(
            try FeedFixtures.parse(feed) == [
                FeedItem(
                    id: "v1", itemGroupID: "grp", title: "Mug", imageLink: "https://i.example/m", availability: .inStock
                )
            ])
    }

    @Test func quotedFieldsUnquoteAndMayHoldTabsNewlinesAndQuotes() throws {
        let feed = "id\ttitle\n\"q1\"\t\"a \"\"b\"\" c\"\n\"q2\"\t\"two\nlines\tand tab\"\n\"\"\t\"no id\"\n"
        #expect(
            try FeedFixtures.parse(feed) == [
                FeedItem(id: "q1", title: "a \"b\" c"), FeedItem(id: "q2", title: "two\nlines\tand tab"),
            ])
    }

    @Test func quoteInsideAnUnquotedFieldIsLiteral() throws {
        let feed = "id\ttitle\n1\t12\" pizza\n2\t\"x\"y\n"
        #expect(try FeedFixtures.parse(feed).map(\.title) == ["12\" pizza", "xy"])
    }

    @Test func crlfAndLFLineEndsMayMix() throws {
        let feed = "id\tprice\r\n1\t1.00 USD\r\n2\t2.00 USD\n3\t\"3.00 USD\"\r\n"
        #expect(try FeedFixtures.parse(feed).map(\.priceMinor) == [100, 200, 300])
    }

    @Test func crlfSplitBetweenChunksIsStillOneLineEnd() throws {
        let feed = "id\ttitle\r\n1\tMug\r\n2\tCup\r\n"
        for split in 1..<feed.utf8.count {
            let bytes = Array(feed.utf8)
            var parser = FeedParser()
            let items = try parser.consume(bytes[..<split]) + parser.consume(bytes[split...]) + parser.finish()
            #expect(items.map(\.title) == ["Mug", "Cup"], "split at \(split)")
        }
    }

    @Test func shortAndLongLinesAreReadAsFarAsTheyGo() throws {
        let feed = "id\ttitle\tprice\n1\n2\tCup\n3\tPlate\t5 EUR\textra\tcolumns\n"
        #expect(
            try FeedFixtures.parse(feed) == [
                FeedItem(id: "1"), FeedItem(id: "2", title: "Cup"),
                FeedItem(id: "3", title: "Plate", priceMinor: 500, currency: "EUR"),
            ])
    }

    @Test func unknownColumnsAreIgnoredAndSalePriceIsNotThePrice() throws {
        let feed = "description\tid\tsale_price\tbrand\n\"long text\"\tv9\t1.00 USD\tAcme\n"
        #expect(try FeedFixtures.parse(feed) == [FeedItem(id: "v9")])
    }

    @Test func lastLineWithoutNewlineIsRead() throws {
        #expect(try FeedFixtures.parse("id\n1\n2").map(\.id) == ["1", "2"])
        #expect(try FeedFixtures.parse("id\n1\n\"2\"").map(\.id) == ["1", "2"])
    }

    @Test func headerOnlyFeedHasNoItems() throws {
        #expect(try FeedFixtures.parse("id\ttitle\n").isEmpty)
        #expect(try FeedFixtures.parse("id\ttitle").isEmpty)
    }

    @Test func headerWithoutIDColumnIsAnError() {
        #expect(
            FeedFixtures.error("sku\ttitle\n1\tMug\n")?.message
                == "line 1: the header row names no id column: not a product feed")
        #expect(
            FeedFixtures.error("sku\ttitle")?.message == "line 1: the header row names no id column: not a product feed"
        )
    }

    @Test func errorsNameTheLine() {
        let error = FeedFixtures.error("id\ttitle\n1\tMug\n2\t\"Cup\n\n")
        #expect(error?.message == "line 3: a quoted field is never closed: truncated")
    }

    @Test func fieldBeyondOneMebibyteIsRefusedButAnIgnoredOneCostsNothing() throws {
        let big = String(repeating: "x", count: (1 << 20) + 1)
        #expect(FeedFixtures.error("id\ttitle\n1\t\(big)\n")?.message == "line 2: a field is longer than 1 MiB")
        #expect(try FeedFixtures.parse("id\tdescription\n1\t\(big)\n").map(\.id) == ["1"])
    }

    @Test func endlessHeaderIsRefused() {
        let junk = String(repeating: "abc\t", count: 400_000)
        #expect(FeedFixtures.error(junk)?.message == "line 1: the header row is longer than 1 MiB: not a feed")
    }
}
