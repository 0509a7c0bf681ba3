import RestockCore
import Testing

@Suite struct FeedAvailabilityTests {
    static let spellings: [(String, FeedAvailability)] = [
        ("in_stock", .inStock), ("in stock", .inStock), ("In Stock", .inStock), ("IN_STOCK", .inStock),
        ("in-stock", .inStock), (" in stock\n", .inStock), ("instock", .inStock),
        ("out_of_stock", .outOfStock), ("out of stock", .outOfStock), ("Out Of Stock", .outOfStock),
        ("outofstock", .outOfStock),
        ("preorder", .preorder), ("pre-order", .preorder), ("Pre Order", .preorder),
        ("backorder", .backorder), ("back order", .backorder), ("Back-Order", .backorder),
        ("onbackorder", .backorder),
        // Google's retired value: the product can be ordered now.
        ("available for order", .inStock),
        // schema.org ItemAvailability, mapped as Google's availability page maps it.
        ("https://schema.org/InStock", .inStock), ("http://schema.org/OutOfStock", .outOfStock),
        ("LimitedAvailability", .inStock), ("OnlineOnly", .inStock), ("SoldOut", .outOfStock),
        ("Discontinued", .outOfStock), ("InStoreOnly", .outOfStock), ("https://schema.org/PreOrder", .preorder),
        ("PreSale", .preorder), ("https://schema.org/BackOrder", .backorder),
    ]

    @Test(arguments: spellings)
    func spellingNormalizes(text: String, expected: FeedAvailability) {
        #expect(FeedAvailability(feedText: text) == expected)
    }

    @Test(arguments: [
        "", "   ", "yes", "in stock!", "in stock 5", "available soon", "https://example.com/InStock", "ïn stock",
    ])
    func unknownValueIsNil(text: String) {
        #expect(FeedAvailability(feedText: text) == nil)
    }

    @Test func substringsAreAccepted() {
        let line = "id\tin stock"
        #expect(FeedAvailability(feedText: line.split(separator: "\t")[1]) == .inStock)
    }

    @Test func rawValuesAreGooglesOwnSpelling() {
        #expect(FeedAvailability.allCases.map(\.rawValue) == ["in_stock", "out_of_stock", "preorder", "backorder"])
    }
}
