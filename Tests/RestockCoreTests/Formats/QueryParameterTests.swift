import RestockCore
import Testing

@Suite struct QueryParameterTests {
    @Test(arguments: [
        ("/products/x?restock=TOKEN&utm=1", "TOKEN" as String?),
        ("https://shop.example/?utm=1&restock=a%2Fb#frag", "a/b"),
        ("/products/x?restocked=no&restock=", nil), ("/products/x", nil), ("?restock=bad%zz", "bad%zz"),
        ("/p?restock=one+two&restock=three", "one two"),
    ])
    func readsTheFirstNonEmptyValue(url: String, value: String?) {
        #expect(QueryParameter.value(named: "restock", in: url) == value)
    }
}
