import RestockCore

/// Hand-written feeds in the shapes Google documents, and helpers that parse them in chunks.
enum FeedFixtures {
    static let rss = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- written by hand for the tests -->
        <rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">
        <channel>
        <title>Kurtki &amp; płaszcze</title>
        <link>https://shop.example/</link>
        <item>
        <g:id>271878346596884015</g:id>
        <g:item_group_id>jacket-1</g:item_group_id>
        <title>Plain title</title>
        <g:title>Żółta kurtka</g:title>
        <link>https://shop.example/plain</link>
        <g:link>https://shop.example/p/kurtka?variant=271878346596884015&amp;ref=feed</g:link>
        <g:image_link><![CDATA[https://cdn.example/i/zolta.jpg?w=800&h=800]]></g:image_link>
        <g:price>149.99 PLN</g:price>
        <g:availability>in stock</g:availability>
        <g:shipping>
          <g:country>PL</g:country>
          <g:price>15.00 PLN</g:price>
        </g:shipping>
        <g:installment><g:months>6</g:months><g:amount>25.00 PLN</g:amount></g:installment>
        </item>
        <item>
        <g:id> sku-2 </g:id>
        <g:shipping><g:price>9.99 USD</g:price></g:shipping>
        <g:tax><g:country>US</g:country><g:price>1.00 USD</g:price></g:tax>
        <title>Tom &amp; Jerry &#8211; &#x201C;Mug&#x201D; &lt;XL&gt;</title>
        <link>https://shop.example/mug</link>
        <g:price>USD 15</g:price>
        <g:availability>out_of_stock</g:availability>
        </item>
        <item>
        <title>No id, so skipped</title>
        <g:price>1.00 USD</g:price>
        </item>
        <item>
        <g:id>sku-3</g:id>
        <g:price>1500 JPY</g:price>
        <g:availability>preorder</g:availability>
        </item>
        </channel>
        </rss>

        """

    static let rssItems = [
        FeedItem(
            id: "271878346596884015", itemGroupID: "jacket-1", title: "Żółta kurtka",
            link: "https://shop.example/p/kurtka?variant=271878346596884015&ref=feed",
            imageLink: "https://cdn.example/i/zolta.jpg?w=800&h=800", priceMinor: 14999, currency: "PLN",
            availability: .inStock),
        FeedItem(
            id: "sku-2", title: "Tom & Jerry – “Mug” <XL>", link: "https://shop.example/mug", priceMinor: 1500,
            currency: "USD", availability: .outOfStock),
        FeedItem(id: "sku-3", priceMinor: 1500, currency: "JPY", availability: .preorder),
    ]

    static let atom = """
        <?xml version="1.0"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xmlns:g="http://base.google.com/ns/1.0">
        <title>Shop</title>
        <link rel="self" href="https://shop.example/feed.atom"/>
        <entry>
        <id>tag:shop.example,2024:product/1</id>
        <g:id>A-1</g:id>
        <title type="text">Blue scarf</title>
        <link rel="enclosure" href="https://cdn.example/scarf.jpg"/>
        <link href='https://shop.example/scarf?c=blue&amp;s=m' rel='alternate'/>
        <g:price>20.00 EUR</g:price>
        <g:availability>backorder</g:availability>
        <g:image_link>https://cdn.example/scarf.jpg</g:image_link>
        </entry>
        <entry>
        <id>urn:uuid:product-2</id>
        <title>Atom id only</title>
        <link href="https://shop.example/two"/>
        <g:availability>In Stock</g:availability>
        </entry>
        </feed>
        """

    static let atomItems = [
        FeedItem(
            id: "A-1", title: "Blue scarf", link: "https://shop.example/scarf?c=blue&s=m",
            imageLink: "https://cdn.example/scarf.jpg", priceMinor: 2000, currency: "EUR", availability: .backorder),
        FeedItem(
            id: "urn:uuid:product-2", title: "Atom id only", link: "https://shop.example/two", availability: .inStock),
    ]

    /// Quoted fields (one holding a tab and a CRLF), CRLF line ends, a short line, a blank line and
    /// a last line without a newline.
    static let tsv =
        "id\ttitle\tdescription\tlink\tprice\tavailability\timage_link\tg:item_group_id\r\n"
        + "271878346596884015\t\"Mug \"\"Classic\"\" 330 ml\"\t\"multi\tline\r\ntext\"\thttps://shop.example/mug\t"
        + "12.50 USD\tin stock\thttps://cdn.example/mug.jpg\tmugs\r\n"
        + "sku-2\tŻółta kurtka\t\thttps://shop.example/k\t149.99 PLN\tout of stock\r\n"
        + "\r\n"
        + "sku-3\tJPY item\t\t\t1500 JPY\tpreorder"

    static let tsvItems = [
        FeedItem(
            id: "271878346596884015", itemGroupID: "mugs", title: "Mug \"Classic\" 330 ml",
            link: "https://shop.example/mug", imageLink: "https://cdn.example/mug.jpg", priceMinor: 1250,
            currency: "USD", availability: .inStock),
        FeedItem(
            id: "sku-2", title: "Żółta kurtka", link: "https://shop.example/k", priceMinor: 14999, currency: "PLN",
            availability: .outOfStock),
        FeedItem(id: "sku-3", title: "JPY item", priceMinor: 1500, currency: "JPY", availability: .preorder),
    ]

    /// Every item of `document`, fed in chunks of the given sizes (cycled), then finished.
    static func parse(_ document: String, chunkSizes: [Int] = [Int.max]) throws(FeedError) -> [FeedItem] {
        try parse(Array(document.utf8), chunkSizes: chunkSizes)
    }

    static func parse(_ bytes: [UInt8], chunkSizes: [Int] = [Int.max]) throws(FeedError) -> [FeedItem] {
        var parser = FeedParser()
        var items: [FeedItem] = []
        var offset = 0
        var turn = 0
        while offset < bytes.count {
            let size = min(chunkSizes[turn % chunkSizes.count], bytes.count - offset)
            items += try parser.consume(bytes[offset..<offset + size])
            offset += size
            turn += 1
        }
        return items + (try parser.finish())
    }

    /// The error `document` ends in, or nil when it parses.
    static func error(_ document: String, chunkSizes: [Int] = [Int.max]) -> FeedError? {
        do {
            _ = try parse(document, chunkSizes: chunkSizes)
            return nil
        } catch {
            return error
        }
    }

    /// Chunk sizes from 1 to 97 bytes, the same every run so a failure can be replayed.
    static func randomChunkSizes(seed: UInt64, count: Int = 64) -> [Int] {
        var state = seed
        return (0..<count).map { _ in
            // SplitMix64: tiny, and deterministic across platforms unlike the system generator.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % 97) + 1
        }
    }
}
