/// `event-scaling`: the cost of one stock event when the store and index hold 10,000 watches
/// versus 1,000,000, the touched variant having the same 100 watchers in both (target: ratio
/// ≤ 1.5). An event's cost should depend on the variant it touches, not on the shop's size.
///
/// Both stores are populated first; runs then alternate small and large, so a busy neighbour on
/// the shared machine disturbs both alike, and the ratio is taken per run.
struct EventScalingBenchmark {
    var smallWatches: Int
    var largeWatches: Int
    var touchedVariants: Int
    var watchersPerVariant: Int
    /// Back-in-stock/sold-out pairs per run, rounded down to whole rounds over the touched
    /// variants (at least one round).
    var pairs: Int
    var runs: Int

    func run(on target: StoreTarget, report: Report) async throws {
        let name = "event-scaling [\(target.dialect)]"
        let rounds = max(1, pairs / touchedVariants)
        do {
            let (small, large, sizes) = try await withFixtures(on: target) { small, large in
                var smallSamples: [(restock: Double, soldOut: Double)] = []
                var largeSamples: [(restock: Double, soldOut: Double)] = []
                for run in 1...runs {
                    Report.progress("event-scaling run \(run)/\(runs)")
                    smallSamples.append(try await small.measure(rounds: rounds))
                    largeSamples.append(try await large.measure(rounds: rounds))
                }
                return (smallSamples, largeSamples, (small.totalWatches, large.totalWatches))
            }
            let perEvent = { (sample: (restock: Double, soldOut: Double)) in (sample.restock + sample.soldOut) / 2 }
            let smallFigure = Figure(name: "\(name) \(sizes.0) watches", unit: "µs/event", samples: small.map(perEvent))
            let largeFigure = Figure(name: "\(name) \(sizes.1) watches", unit: "µs/event", samples: large.map(perEvent))
            report.add(smallFigure)
            report.info(restockSplit(small))
            report.add(largeFigure)
            report.info(restockSplit(large))
            report.add(
                Figure(
                    name: "\(name) ratio \(sizes.1)/\(sizes.0)", unit: "×",
                    samples: zip(large, small).map { perEvent($0) / perEvent($1) }, target: .atMost(1.5)))
            report.info(
                "\(rounds * touchedVariants) back-in-stock + \(rounds * touchedVariants) sold-out events per run on "
                    + "\(touchedVariants) variants × \(watchersPerVariant) watchers (re-subscribed between rounds)")
        } catch let unavailable as StoreUnavailable {
            report.skip(name, reason: unavailable.reason)
        }
    }

    private func restockSplit(_ samples: [(restock: Double, soldOut: Double)]) -> String {
        let restock = Figure(name: "", unit: "", samples: samples.map(\.restock)).median
        let soldOut = Figure(name: "", unit: "", samples: samples.map(\.soldOut)).median
        return "back-in-stock \(Figure.format(restock)) µs, sold-out \(Figure.format(soldOut)) µs (medians)"
    }

    private func withFixtures<T>(
        on target: StoreTarget, _ body: (ScalingFixture, ScalingFixture) async throws -> T
    ) async throws -> T {
        try await target.withScratchDatabase(label: "scaling-small") { smallDatabase in
            try await smallDatabase.withStore { smallStore in
                let small = try await ScalingFixture.populate(
                    smallStore, total: smallWatches, touchedVariants: touchedVariants,
                    watchersPerVariant: watchersPerVariant)
                return try await target.withScratchDatabase(label: "scaling-large") { largeDatabase in
                    try await largeDatabase.withStore { largeStore in
                        let large = try await ScalingFixture.populate(
                            largeStore, total: largeWatches, touchedVariants: touchedVariants,
                            watchersPerVariant: watchersPerVariant)
                        return try await body(small, large)
                    }
                }
            }
        }
    }
}
