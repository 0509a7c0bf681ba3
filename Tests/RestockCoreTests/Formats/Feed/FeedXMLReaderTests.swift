import RestockCore
import Testing

/// The element rules of RSS and Atom feeds, seen through ``FeedParser``.
@Suite struct FeedXMLReaderTests {
    static func rss(_ items: String, namespaces: String = "xmlns:g=\"http://base.google.com/ns/1.0\"") -> String {
        "<rss version=\"2.0\" \(namespaces)><channel><title>Shop</title>\(items)</channel></rss>"
    }

    @Test func nestedPriceNeverSetsTheProductPrice() throws {
        let items = try FeedFixtures.parse(
            Self.rss(
                """
                <item><g:id>1</g:id>
                <g:shipping><g:country>US</g:country><g:price>4.95 USD</g:price></g:shipping>
                <g:installment><g:months>3</g:months><g:price>5.00 USD</g:price></g:installment>
                <g:product_detail><g:price>1.00 USD</g:price><g:availability>in stock</g:availability></g:product_detail>
                </item>
                """))
        #expect(items == [FeedItem(id: "1")])
    }

    @Test func productPriceAfterShippingIsTheItemsPrice() throws {
        let items = try FeedFixtures.parse(
            Self.rss(
                "<item><g:id>1</g:id><g:shipping><g:price>4.95 USD</g:price></g:shipping><g:price>19.99 USD</g:price></item>"
            ))
        #expect(items.first?.priceMinor == 1999)
    }

    @Test func anyDeclaredPrefixOfGooglesNamespaceWorks() throws {
        let feed = Self.rss(
            "<item><merchant:id>7</merchant:id><merchant:price>3.00 EUR</merchant:price></item>",
            namespaces: "xmlns:merchant=\"http://base.google.com/ns/1.0\"")
        #expect(try FeedFixtures.parse(feed) == [FeedItem(id: "7", priceMinor: 300, currency: "EUR")])
    }

    @Test func namespaceDeclaredOnTheItemItselfWorks() throws {
        let feed = Self.rss(
            "<item xmlns:p='http://base.google.com/ns/1.0'><p:id>8</p:id></item><item><p:id>9</p:id></item>",
            namespaces: "")
        // Outside the item that declares it, `p:` means nothing, so the second item has no id.
        #expect(try FeedFixtures.parse(feed).map(\.id) == ["8"])
    }

    @Test func defaultGoogleNamespaceMakesBareNamesGoogleFields() throws {
        let feed = Self.rss("<item><id xmlns=\"http://base.google.com/ns/1.0\">5</id></item>", namespaces: "")
        #expect(try FeedFixtures.parse(feed).map(\.id) == ["5"])
    }

    @Test func undeclaredGPrefixIsTakenAsGoogle() throws {
        let feed = Self.rss("<item><g:id>u1</g:id><g:availability>in stock</g:availability></item>", namespaces: "")
        #expect(try FeedFixtures.parse(feed) == [FeedItem(id: "u1", availability: .inStock)])
    }

    @Test func gPrefixBoundToAnotherNamespaceIsNotGoogle() throws {
        let feed = Self.rss(
            "<item><g:id>not-this</g:id><m:id>this</m:id></item>",
            namespaces: "xmlns:g=\"http://example.com/other\" xmlns:m=\"http://base.google.com/ns/1.0\"")
        #expect(try FeedFixtures.parse(feed).map(\.id) == ["this"])
    }

    @Test func otherNamespacesDoNotFillPlainFields() throws {
        let feed = Self.rss(
            "<item><g:id>1</g:id><media:title>Not it</media:title><dc:title>Nor this</dc:title></item>",
            namespaces: "xmlns:g=\"http://base.google.com/ns/1.0\" xmlns:media=\"http://search.yahoo.com/mrss/\" "
                + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"")
        #expect(try FeedFixtures.parse(feed) == [FeedItem(id: "1")])
    }

    @Test func plainTitleAndLinkAreUsedWithoutGoogleOnes() throws {
        let feed = Self.rss("<item><g:id>1</g:id><title> Mug </title><link>https://s.example/m</link></item>")
        #expect(try FeedFixtures.parse(feed) == [FeedItem(id: "1", title: "Mug", link: "https://s.example/m")])
    }

    @Test func googleTitleWinsWhicheverComesFirst() throws {
        let feed = Self.rss("<item><g:title>G</g:title><title>Plain</title><g:id>1</g:id></item>")
        #expect(try FeedFixtures.parse(feed).first?.title == "G")
    }

    @Test func rssGuidIsNotTheProductID() throws {
        let feed = Self.rss("<item><guid isPermaLink=\"false\">guid-1</guid><title>No id</title></item>")
        #expect(try FeedFixtures.parse(feed).isEmpty)
    }

    @Test func atomGIDWinsOverAtomID() throws {
        let items = try FeedFixtures.parse(FeedFixtures.atom)
        #expect(items.first?.id == "A-1")
    }

    @Test func atomLinkPrefersAlternateOverOtherRels() throws {
        let feed = """
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:g="http://base.google.com/ns/1.0"><entry><g:id>1</g:id>
            <link rel="self" href="https://s.example/self"/><link rel="alternate" href="https://s.example/page"/>
            <link href="https://s.example/later"/></entry>
            <entry><g:id>2</g:id><link rel="related" href="https://s.example/related"/></entry></feed>
            """
        #expect(try FeedFixtures.parse(feed).map(\.link) == ["https://s.example/page", "https://s.example/related"])
    }

    @Test func itemWithoutIDIsSkippedAndBlankIDCountsAsNone() throws {
        let feed = Self.rss(
            "<item><g:title>None</g:title></item><item><g:id>  </g:id></item><item><g:id>ok</g:id></item>")
        #expect(try FeedFixtures.parse(feed).map(\.id) == ["ok"])
    }

    @Test func selfClosingFieldIsEmpty() throws {
        let feed = Self.rss("<item><g:id>1</g:id><g:title/><g:link /></item>")
        #expect(try FeedFixtures.parse(feed) == [FeedItem(id: "1")])
    }

    @Test func mismatchedEndTagNamesBothElements() {
        let feed = Self.rss("<item><g:id>1</g:title></item>")
        #expect(FeedFixtures.error(feed)?.message == "line 1: </g:title> does not close <g:id>")
    }

    @Test func secondRootElementIsAnError() {
        let error = FeedFixtures.error("<rss><channel/></rss>\n<rss>")
        #expect(error?.message == "line 2: an element follows the end of the feed's root element")
    }

    @Test func textAfterTheRootIsIgnored() throws {
        #expect(try FeedFixtures.parse(Self.rss("<item><g:id>1</g:id></item>") + "\n<!-- cached -->\n").count == 1)
    }

    @Test func atomFeedWithoutNamespaceDeclarationsStillReads() throws {
        let feed = "<feed><entry><id>e1</id><title>T</title><link href=\"https://s.example/e1\"/></entry></feed>"
        #expect(try FeedFixtures.parse(feed) == [FeedItem(id: "e1", title: "T", link: "https://s.example/e1")])
    }
}
