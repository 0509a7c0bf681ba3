import RestockCore
import Testing

@Suite struct StockLedgerTests {
    static func at(_ seconds: Int64) -> Timestamp { Timestamp(microseconds: seconds * 1_000_000) }

    static func event(_ change: StockEvent.Change, at seconds: Int64, location: String = "", variant: String = "v1")
        -> StockEvent
    {
        StockEvent(variantID: variant, locationID: location, change: change, occurredAt: at(seconds))
    }

    @Test func absoluteLevelSetsAvailableAndWatermark() {
        let level = StockLedger.apply(Self.event(.absolute(7), at: 10), to: nil)
        #expect(level == StockLevel(variantID: "v1", locationID: "", available: 7, watermark: Self.at(10)))
    }

    @Test func deltaForUnknownLocationStartsFromZero() {
        let level = StockLedger.apply(Self.event(.delta(3), at: 10), to: nil)
        #expect(level?.available == 3)
        #expect(level?.watermark == Self.at(10))
    }

    @Test func staleAbsoluteIsDropped() {
        var ledger = StockLedger()
        ledger.apply(Self.event(.absolute(5), at: 10))
        let outcome = ledger.apply(Self.event(.absolute(1), at: 9))
        #expect(outcome.isStale)
        #expect(ledger.level(variantID: "v1")?.available == 5)
        #expect(ledger.level(variantID: "v1")?.watermark == Self.at(10))
    }

    @Test func staleDeltaIsDropped() {
        var ledger = StockLedger()
        ledger.apply(Self.event(.absolute(5), at: 10))
        #expect(ledger.apply(Self.event(.delta(-3), at: 9)).isStale)
        #expect(ledger.total(variantID: "v1") == 5)
    }

    @Test func absoluteAtTheWatermarkIsAccepted() {
        var ledger = StockLedger()
        ledger.apply(Self.event(.absolute(5), at: 10))
        #expect(!ledger.apply(Self.event(.absolute(7), at: 10)).isStale)
        #expect(ledger.total(variantID: "v1") == 7)
    }

    @Test func deltaAtOrAfterTheWatermarkAddsAndMovesIt() {
        var ledger = StockLedger()
        ledger.apply(Self.event(.absolute(5), at: 10))
        ledger.apply(Self.event(.delta(2), at: 10))
        ledger.apply(Self.event(.delta(-4), at: 12))
        #expect(
            ledger.level(variantID: "v1")
                == StockLevel(variantID: "v1", locationID: "", available: 3, watermark: Self.at(12)))
    }

    @Test(arguments: [false, true])
    func olderDeltaAndNewerAbsoluteAgreeInEitherArrivalOrder(reversed: Bool) {
        var ledger = StockLedger()
        ledger.apply(Self.event(.absolute(4), at: 1))
        var events = [Self.event(.delta(-1), at: 5), Self.event(.absolute(10), at: 8)]
        if reversed { events.reverse() }
        for event in events { ledger.apply(event) }
        #expect(ledger.total(variantID: "v1") == 10)
        #expect(ledger.level(variantID: "v1")?.watermark == Self.at(8))
    }

    @Test func olderAbsoluteAndNewerDeltaInOrderCombine() {
        var ledger = StockLedger()
        ledger.apply(Self.event(.absolute(10), at: 5))
        ledger.apply(Self.event(.delta(-2), at: 8))
        #expect(ledger.total(variantID: "v1") == 8)
    }

    /// The documented limit of a watermark: the overtaken absolute level is stale, and the next
    /// snapshot corrects the figure.
    @Test func deltaThatOvertakesAnOlderAbsoluteLandsOnThePreviousLevel() {
        var ledger = StockLedger()
        ledger.apply(Self.event(.absolute(4), at: 1))
        ledger.apply(Self.event(.delta(-2), at: 8))
        #expect(ledger.apply(Self.event(.absolute(10), at: 5)).isStale)
        #expect(ledger.total(variantID: "v1") == 2)
        ledger.apply(Self.event(.absolute(9), at: 10))
        #expect(ledger.total(variantID: "v1") == 9)
    }

    @Test func oversoldLevelIsKeptRawButCountsAsNone() {
        var ledger = StockLedger()
        ledger.apply(Self.event(.absolute(-2), at: 1, location: "a"))
        ledger.apply(Self.event(.absolute(3), at: 1, location: "b"))
        #expect(ledger.level(variantID: "v1", locationID: "a")?.available == -2)
        #expect(ledger.total(variantID: "v1") == 3)
        ledger.apply(Self.event(.delta(3), at: 2, location: "a"))
        #expect(ledger.level(variantID: "v1", locationID: "a")?.available == 1)
        #expect(ledger.total(variantID: "v1") == 4)
    }

    @Test func hugeDeltaSaturatesInsteadOfTrapping() {
        let start = StockLevel(variantID: "v1", locationID: "", available: .max - 1, watermark: Self.at(1))
        #expect(StockLedger.apply(Self.event(.delta(.max), at: 2), to: start)?.available == .max)
    }

    @Test func edgesAreEmittedOncePerCrossing() {
        var ledger = StockLedger()
        let transitions = [
            Self.event(.absolute(0), at: 1), Self.event(.absolute(3), at: 2), Self.event(.delta(-1), at: 3),
            Self.event(.delta(5), at: 4), Self.event(.absolute(0), at: 5), Self.event(.delta(-1), at: 6),
            Self.event(.absolute(0), at: 7), Self.event(.delta(1), at: 8),
        ].map { ledger.apply($0).transition }
        #expect(transitions == [nil, .backInStock, nil, nil, .soldOut, nil, nil, .backInStock])
    }

    @Test func minAvailableIsTheNewZero() {
        var ledger = StockLedger(minAvailable: 2)
        #expect(ledger.apply(Self.event(.absolute(2), at: 1)).transition == nil)
        let restock = ledger.apply(Self.event(.absolute(3), at: 2))
        #expect(restock.transition == .backInStock)
        #expect((restock.oldTotal, restock.newTotal) == (2, 3))
        #expect(ledger.isInStock(variantID: "v1"))
        #expect(ledger.apply(Self.event(.delta(-1), at: 3)).transition == .soldOut)
        #expect(!ledger.isInStock(variantID: "v1"))
    }

    @Test func locationsHaveTheirOwnWatermarkAndSumToTheVariantTotal() {
        var ledger = StockLedger()
        ledger.apply(Self.event(.absolute(2), at: 10, location: "a"))
        let second = ledger.apply(Self.event(.absolute(3), at: 5, location: "b"))
        #expect(!second.isStale)
        #expect((second.oldTotal, second.newTotal) == (2, 5))
        #expect(ledger.apply(Self.event(.absolute(9), at: 9, location: "a")).isStale)
        ledger.apply(Self.event(.absolute(1), at: 1, variant: "other"))
        #expect(ledger.total(variantID: "v1") == 5)
        #expect(ledger.levels(variantID: "v1").map(\.locationID) == ["a", "b"])
    }

    @Test func soldOutIsReportedOnlyWhenTheVariantTotalFalls() {
        var ledger = StockLedger()
        ledger.apply(Self.event(.absolute(2), at: 1, location: "a"))
        ledger.apply(Self.event(.absolute(3), at: 1, location: "b"))
        #expect(ledger.apply(Self.event(.absolute(0), at: 2, location: "a")).transition == nil)
        #expect(ledger.apply(Self.event(.absolute(0), at: 2, location: "b")).transition == .soldOut)
    }

    @Test(
        arguments: [
            (0, 1, 0, StockLedger.Transition.backInStock), (1, 0, 0, .soldOut), (-5, 0, 0, nil),
            (2, 3, 2, .backInStock), (3, 2, 2, .soldOut), (5, 9, 2, nil), (0, 2, 2, nil),
        ] as [(Int, Int, Int, StockLedger.Transition?)])
    func transitionBetweenTotals(old: Int, new: Int, minAvailable: Int, expected: StockLedger.Transition?) {
        #expect(StockLedger.transition(fromTotal: old, toTotal: new, minAvailable: minAvailable) == expected)
    }

    @Test func totalCountsOversoldLocationsAsNone() {
        let levels = [
            StockLevel(variantID: "v1", locationID: "a", available: -4, watermark: Self.at(1)),
            StockLevel(variantID: "v1", locationID: "b", available: 3, watermark: Self.at(1)),
        ]
        #expect(StockLedger.total(levels) == 3)
    }
}
