import Testing

@testable import RestockCore

@Suite struct FeedPriceTests {
    @Test(arguments: [
        ("15.00 USD", 1500, "USD"), ("USD 15.00", 1500, "USD"), ("15 USD", 1500, "USD"), ("15.5 EUR", 1550, "EUR"),
        ("15.00USD", 1500, "USD"), ("usd 0.99", 99, "USD"), ("  149.99   PLN ", 14999, "PLN"),
        ("1500 JPY", 1500, "JPY"), ("12.345 KWD", 12345, "KWD"),
        ("10000000000000.00 USD", 1_000_000_000_000_000, "USD"),
    ])
    func priceReadsExactly(text: String, minor: Int64, currency: String) {
        let price = FeedPrice.parse(text)
        #expect(price?.minor == minor)
        #expect(price?.currency == currency)
    }

    /// Never through Double: 0.29 * 100 is 28.999… in binary floating point.
    @Test func decimalThatFloatingPointRoundsWrongStaysExact() {
        #expect(FeedPrice.parse("0.29 USD")?.minor == 29)
        #expect(FeedPrice.parse("9999999999999.97 USD")?.minor == 999_999_999_999_997)
    }

    @Test(arguments: [
        "", "15.00", "USD", "15,00 EUR", "1,299.00 USD", "15.001 USD", "1500.5 JPY", "-5.00 USD", "15.00 US",
        "15.00 USDX", "15 . 00 USD", "15.00 USD extra", "92233720368547758.08 USD", "free",
        // Beyond Money.maxMinorUnits: no amount a sum of them could overflow.
        "10000000000000.01 USD",
    ])
    func badPriceIsNil(text: String) {
        #expect(FeedPrice.parse(text) == nil)
    }

    @Test func badPriceLeavesTheItemWithoutPriceAndTheFeedReadable() throws {
        let feed = """
            <rss xmlns:g="http://base.google.com/ns/1.0"><channel>
            <item><g:id>1</g:id><g:price>about 15 dollars</g:price><g:availability>in stock</g:availability></item>
            <item><g:id>2</g:id><g:price>7.00 USD</g:price></item>
            </channel></rss>
            """
        let items = try FeedFixtures.parse(feed)
        #expect(
            items == [FeedItem(id: "1", availability: .inStock), FeedItem(id: "2", priceMinor: 700, currency: "USD")])
    }

    @Test func yenHasNoMinorDigits() throws {
        let items = try FeedFixtures.parse("id\tprice\nj1\t1500 JPY\nj2\t1500.00 JPY\n")
        #expect(items.map(\.priceMinor) == [1500, nil])
        #expect(items.map(\.currency) == ["JPY", nil])
    }
}
