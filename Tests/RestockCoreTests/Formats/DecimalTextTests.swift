import RestockCore
import Testing

@Suite struct DecimalTextTests {
    @Test(arguments: [
        ("19.99", "EUR", 1999 as Int64?), ("79.0000", "USD", 7900), ("1500", "JPY", 1500), ("1500.00", "JPY", 1500),
        ("0.125", "KWD", 125), ("19.995", "EUR", nil), ("", "EUR", nil), ("-1.00", "EUR", nil),
    ])
    func exactMinorUnitsDropOnlyZeros(text: String, currency: String, minor: Int64?) {
        #expect(DecimalText(text).minorUnits(currency: currency) == minor)
    }

    @Test(arguments: [
        ("33.3350", "USD", 3334 as Int64?), ("33.3349", "USD", 3333), ("0.9999", "USD", 100), ("99.5", "JPY", 100),
        ("12.3000", "USD", 1230), ("x", "USD", nil),
    ])
    func roundedMinorUnitsRoundHalfAwayFromZero(text: String, currency: String, minor: Int64?) {
        #expect(DecimalText(text).roundedMinorUnits(currency: currency) == minor)
    }
}
