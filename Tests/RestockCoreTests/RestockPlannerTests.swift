import RestockCore
import Testing

@Suite struct RestockPlannerTests {
    static let now = Timestamp(microseconds: 1_000_000_000)

    static func watch(
        _ id: Int64, customer: Int64? = nil, quantity: Int = 1, location: String? = nil,
        state: WatchState = .watching
    ) -> Watch {
        Watch(
            id: id, customerID: customer ?? id, variantID: "v1", locationID: location, quantity: quantity,
            state: state, queuePosition: id, createdAt: now, updatedAt: now)
    }

    static func level(_ available: Int, at location: String = "") -> StockLevel {
        StockLevel(variantID: "v1", locationID: location, available: available, watermark: now)
    }

    static let paced = RestockPlanner(perUnit: 2, waveInterval: 600, minAvailable: 0)

    @Test func threeUnitsAtTwoPerUnitNotifyTheSixOldestEligibleWatchers() {
        // Watch 3 wants 5 units: it is skipped and does not count toward the six.
        let candidates = (1...10).map { Self.watch($0, quantity: $0 == 3 ? 5 : 1) }
        let wave = Self.paced.plan(
            levels: [Self.level(3)], candidates: candidates, moreCandidates: false, now: Self.now)
        #expect(wave.selected.map(\.id) == [1, 2, 4, 5, 6, 7])
        #expect(wave.skipped == [3])
        #expect(wave.sellable == 3)
        #expect(wave.nextWaveAt == Self.now.adding(seconds: 600))
    }

    @Test func soldOutVariantGetsNoWave() {
        let candidates = (1...10).map { Self.watch($0) }
        let wave = Self.paced.plan(
            levels: [Self.level(0)], candidates: candidates, moreCandidates: true, now: Self.now)
        #expect(wave.isEmpty)
        #expect(wave.nextWaveAt == nil)
    }

    @Test func stockAtMinAvailableIsSoldOut() {
        let planner = RestockPlanner(perUnit: 2, waveInterval: 600, minAvailable: 3)
        let wave = planner.plan(
            levels: [Self.level(3)], candidates: [Self.watch(1)], moreCandidates: false, now: Self.now)
        #expect(wave.isEmpty)
        #expect(planner.candidatesNeeded(available: 3) == 0)
    }

    @Test func minAvailableIsSubtractedBeforeSizingAndEligibility() {
        let planner = RestockPlanner(perUnit: 1, waveInterval: 600, minAvailable: 3)
        let candidates = [Self.watch(1, quantity: 3), Self.watch(2), Self.watch(3), Self.watch(4)]
        let wave = planner.plan(
            levels: [Self.level(5)], candidates: candidates, moreCandidates: false, now: Self.now)
        #expect(wave.sellable == 2)
        #expect(wave.selected.map(\.id) == [2, 3])
        #expect(wave.skipped == [1])
    }

    @Test func unsetPerUnitNotifiesEveryone() {
        let planner = RestockPlanner(perUnit: nil, waveInterval: 600, minAvailable: 0)
        let candidates = (1...50).map { Self.watch($0) }
        let wave = planner.plan(
            levels: [Self.level(1)], candidates: candidates, moreCandidates: false, now: Self.now)
        #expect(wave.selected.count == 50)
        #expect(wave.nextWaveAt == nil)
        #expect(planner.candidatesNeeded(sellable: 1) == nil)
    }

    @Test func nextWaveIsPlannedWhileTheStoreHoldsMoreWatchers() {
        let planner = RestockPlanner(perUnit: nil, waveInterval: 60, minAvailable: 0)
        let wave = planner.plan(
            levels: [Self.level(1)], candidates: [Self.watch(1)], moreCandidates: true, now: Self.now)
        #expect(wave.nextWaveAt == Self.now.adding(seconds: 60))
    }

    @Test func noNextWaveWhenTheQueueRanOut() {
        let wave = Self.paced.plan(
            levels: [Self.level(3)], candidates: (1...4).map { Self.watch($0) }, moreCandidates: false,
            now: Self.now)
        #expect(wave.selected.count == 4)
        #expect(wave.nextWaveAt == nil)
    }

    @Test func onlySkippedWatchersLeftPlansNoNextWave() {
        let candidates = [Self.watch(1, quantity: 9), Self.watch(2, quantity: 9)]
        let wave = Self.paced.plan(
            levels: [Self.level(3)], candidates: candidates, moreCandidates: false, now: Self.now)
        #expect(wave.isEmpty)
        #expect(wave.skipped == [1, 2])
        #expect(wave.nextWaveAt == nil)
    }

    @Test func locationBoundWatchNeedsStockAtItsLocation() {
        let planner = RestockPlanner(perUnit: nil, waveInterval: 60, minAvailable: 0)
        let candidates = [
            Self.watch(1, quantity: 2, location: "a"), Self.watch(2, location: "b"),
            Self.watch(3, quantity: 3, location: "a"), Self.watch(4, quantity: 3),
            Self.watch(5, location: "nowhere"),
        ]
        let wave = planner.plan(
            levels: [Self.level(2, at: "a"), Self.level(-1, at: "b"), Self.level(1, at: "c")],
            candidates: candidates, moreCandidates: false, now: Self.now)
        #expect(wave.selected.map(\.id) == [1, 4])
        #expect(wave.skipped == [2, 3, 5])
    }

    @Test func watchesNotWatchingAreIgnored() {
        let candidates = [Self.watch(1, state: .notified), Self.watch(2), Self.watch(3, state: .pending)]
        let wave = Self.paced.plan(
            levels: [Self.level(1)], candidates: candidates, moreCandidates: false, now: Self.now)
        #expect(wave.selected.map(\.id) == [2])
        #expect(wave.skipped.isEmpty)
    }

    @Test func lazyCandidatesAreReadOnlyOnePastAFullWave() {
        final class Counter { var reads = 0 }
        let counter = Counter()
        let candidates = (Int64(1)...1_000_000).lazy.map { id -> Watch in
            counter.reads += 1
            return Self.watch(id)
        }
        let wave = Self.paced.plan(
            levels: [Self.level(3)], candidates: candidates, moreCandidates: false, now: Self.now)
        #expect(wave.selected.count == 6)
        #expect(counter.reads == 7)
        #expect(wave.nextWaveAt != nil)
    }

    @Test(
        arguments: [
            (2.0, 3, 6), (0.1, 30, 3), (1.5, 3, 5), (0.5, 1, 1), (1.0, 7, 7), (0.01, 1, 1), (3.0, 0, 0),
        ] as [(Double, Int, Int)])
    func waveSizeIsPerUnitTimesSellableRoundedUp(perUnit: Double, sellable: Int, expected: Int) {
        let planner = RestockPlanner(perUnit: perUnit, waveInterval: 1, minAvailable: 0)
        #expect(planner.candidatesNeeded(sellable: sellable) == expected)
    }

    @Test func configurationValidationNamesTheKey() {
        #expect(throws: RestockPlannerError.self) {
            try RestockPlanner.Configuration(perUnit: 0, waveInterval: 60, minAvailable: 0).validate()
        }
        #expect(throws: RestockPlannerError.self) {
            try RestockPlanner.Configuration(perUnit: 1, waveInterval: 0, minAvailable: 0).validate()
        }
        #expect(throws: RestockPlannerError.self) {
            try RestockPlanner.Configuration(perUnit: nil, waveInterval: 60, minAvailable: -1).validate()
        }
        #expect(throws: Never.self) {
            try RestockPlanner.Configuration(perUnit: nil, waveInterval: 60, minAvailable: 0).validate()
        }
        let error = #expect(throws: RestockPlannerError.self) {
            try RestockPlanner.Configuration(perUnit: -1, waveInterval: 60, minAvailable: 0).validate()
        }
        #expect(error?.description.contains("per_unit") == true)
    }

    // MARK: Coalescing

    @Test func oneEmailPerCustomerWithItemsSortedByWatch() {
        let due: [(watch: Watch, cycleID: Int64?)] = [
            (Self.watch(9, customer: 1), 90), (Self.watch(4, customer: 2), 40),
            (Self.watch(3, customer: 1), 30), (Self.watch(9, customer: 1), 90),
        ]
        let entries = RestockPlanner.coalesce(due, kind: .backInStock, dueAt: Self.now)
        #expect(entries.map(\.customerID) == [1, 2])
        #expect(entries[0].items.map(\.watchID) == [3, 9])
        #expect(entries[0].items.map(\.cycleID) == [30, 90])
        #expect(entries[1].items == [OutboxItem(watchID: 4, variantID: "v1", cycleID: 40)])
        #expect(entries.allSatisfy { $0.kind == .backInStock && $0.dueAt == Self.now })
        #expect(entries[1].dedupeKey == "back_in_stock:w4:c40")
    }

    @Test func coalescingTheSameItemsInAnotherOrderGivesTheSameKeys() {
        let items: [(customerID: Int64, item: OutboxItem)] = [
            (1, OutboxItem(watchID: 5, variantID: "a", cycleID: 11)),
            (1, OutboxItem(watchID: 2, variantID: "b", cycleID: 12)),
            (3, OutboxItem(watchID: 7, variantID: "a", cycleID: 11)),
        ]
        let first = RestockPlanner.coalesce(items, kind: .soldOutAgain, dueAt: Self.now)
        let second = RestockPlanner.coalesce(items.reversed(), kind: .soldOutAgain, dueAt: Self.now)
        #expect(first == second)
        #expect(first.map(\.dedupeKey) == ["sold_out_again:u1:c11,12", "sold_out_again:w7:c11"])
    }

    @Test func nothingDueQueuesNothing() {
        let none: [(customerID: Int64, item: OutboxItem)] = []
        #expect(RestockPlanner.coalesce(none, kind: .backInStock, dueAt: Self.now).isEmpty)
    }
}
