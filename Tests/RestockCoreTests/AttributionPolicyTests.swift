import Testing

@testable import RestockCore

/// Which email earns each order line: direct beats click beats view, windows bound each, the
/// last touch wins, and a line no email covered earns nothing.
@Suite struct AttributionPolicyTests {
    let policy = AttributionPolicy()
    let placed = Timestamp(microseconds: 1_800_000_000_000_000)
    /// Watch 1 is for socks, watch 2 for a hat.
    let watchVariant: [Int64: String] = [1: "socks", 2: "hat"]

    func order(_ lines: [(String, Int, Int64)]) -> OrderEvent {
        OrderEvent(
            source: "generic", orderID: "1001", email: "ada@example.com", currency: "EUR", totalMinor: 0,
            status: "paid", lines: lines.map { .init(variantID: $0.0, quantity: $0.1, priceMinor: $0.2) },
            occurredAt: placed)
    }

    func touch(_ event: Int64, email: Int64, watch: Int64, _ kind: TrackingKind, hoursBefore: Double)
        -> AttributionTouch
    {
        AttributionTouch(
            eventID: event, outboxID: email, watchID: watch, kind: kind, at: placed.adding(seconds: -hoursBefore * 3600)
        )
    }

    func credits(_ order: OrderEvent, direct: AttributionPolicy.Direct? = nil, _ touches: [AttributionTouch])
        -> [String]
    {
        policy.attribute(order, direct: direct, touches: touches, watchVariant: watchVariant, at: placed).map {
            "line \($0.lineNo) \($0.model.rawValue) email \($0.outboxID) \($0.amountMinor) \($0.currency)"
        }
    }

    @Test func aClickWithinFiveDaysEarnsTheLineAtPriceTimesQuantity() {
        let socks = order([("socks", 2, 1_999), ("gloves", 1, 2_500)])
        #expect(
            credits(socks, [touch(7, email: 70, watch: 1, .click, hoursBefore: 119)]) == [
                "line 1 click email 70 3998 EUR"
            ])
        #expect(credits(socks, [touch(7, email: 70, watch: 1, .click, hoursBefore: 121)]).isEmpty)
    }

    /// A platform's quantity is not bounded and an earlier release stored any price: a line
    /// whose price × quantity overflows 64 bits is credited at the largest amount instead of
    /// stopping the daemon in the middle of the order's delivery.
    @Test func aLineWorthMoreThan64BitsIsCreditedAtTheLargestAmount() {
        let huge = order([("socks", 4, Int64.max / 2), ("hat", 1, -Int64.max)])
        #expect(
            credits(
                huge,
                [
                    touch(7, email: 70, watch: 1, .click, hoursBefore: 1),
                    touch(8, email: 80, watch: 2, .click, hoursBefore: 1),
                ]) == [
                    "line 1 click email 70 \(Money.maxMinorUnits) EUR",
                    "line 2 click email 80 -\(Money.maxMinorUnits) EUR",
                ])
    }

    @Test func anOpenWithinADayIsViewThroughAndAClickBeatsIt() {
        let socks = order([("socks", 1, 1_999)])
        #expect(
            credits(socks, [touch(3, email: 30, watch: 1, .open, hoursBefore: 23)]) == ["line 1 view email 30 1999 EUR"]
        )
        #expect(credits(socks, [touch(3, email: 30, watch: 1, .open, hoursBefore: 25)]).isEmpty)
        let both = [
            touch(3, email: 30, watch: 1, .open, hoursBefore: 1),
            touch(4, email: 40, watch: 1, .click, hoursBefore: 50),
        ]
        #expect(credits(socks, both) == ["line 1 click email 40 1999 EUR"])
    }

    @Test func theLastTouchWinsAndATouchAfterTheOrderDoesNotCount() {
        let socks = order([("socks", 1, 1_999)])
        let touches = [
            touch(1, email: 10, watch: 1, .click, hoursBefore: 48),
            touch(2, email: 20, watch: 1, .click, hoursBefore: 2),
            touch(3, email: 30, watch: 1, .click, hoursBefore: -1),
        ]
        #expect(credits(socks, touches) == ["line 1 click email 20 1999 EUR"])
    }

    @Test func directBeatsEverythingForTheVariantsItsEmailCovered() {
        let both = order([("socks", 1, 1_999), ("hat", 1, 3_000)])
        let direct = AttributionPolicy.Direct(outboxID: 90, variants: ["socks"])
        let touches = [
            touch(5, email: 50, watch: 1, .click, hoursBefore: 1),
            touch(6, email: 60, watch: 2, .click, hoursBefore: 3),
        ]
        #expect(
            credits(both, direct: direct, touches) == [
                "line 1 direct email 90 1999 EUR", "line 2 click email 60 3000 EUR",
            ])
    }

    @Test func aTouchOnAnotherVariantsWatchEarnsNothing() {
        #expect(credits(order([("hat", 1, 3_000)]), [touch(5, email: 50, watch: 1, .click, hoursBefore: 1)]).isEmpty)
    }

    @Test func theTokenIsFoundInALandingURLAQueryOrAlone() {
        #expect(
            AttributionPolicy.token(in: "https://shop.example/p?x=1&restock=abc-_9&y=2", parameter: "restock")
                == "abc-_9")
        #expect(AttributionPolicy.token(in: "/p/socks?restock=abc#fit", parameter: "restock") == "abc")
        #expect(AttributionPolicy.token(in: "restock=abc", parameter: "restock") == "abc")
        #expect(AttributionPolicy.token(in: " abc ", parameter: "restock") == "abc")
        #expect(AttributionPolicy.token(in: "/p?norestock=zzz", parameter: "restock") == "/p?norestock=zzz")
    }
}
