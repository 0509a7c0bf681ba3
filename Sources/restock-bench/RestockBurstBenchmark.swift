import Foundation
import RestockCore
import RestockEngine

/// `restock-100k`: one variant with 100,000 watchers comes back with stock for all of them; how
/// long `engine.ingest(stock:receipt:)` takes from call to return, which is when every one of
/// the 100,000 outbox rows is committed (target ≤ 2 s).
///
/// Each run adds its own variant and 100,000 customers to the same scratch database (setup not
/// timed), so later runs see a larger database, as a shop's would be. The engine's index is
/// loaded first, as the daemon's is, so the timed call includes updating it.
struct RestockBurstBenchmark {
    var watchers: Int
    var runs: Int

    func run(on target: StoreTarget, report: Report) async throws {
        let name = "restock-\(watchers / 1000)k [\(target.dialect)]"
        do {
            let seconds = try await target.withScratchDatabase(label: "restock") { database in
                try await database.withStore { open in
                    var seconds: [Double] = []
                    for run in 1...runs {
                        seconds.append(try await measure(open, run: run))
                    }
                    return seconds
                }
            }
            report.add(Figure(name: name, unit: "s", samples: seconds, target: .atMost(2)))
            report.info(
                "\(watchers) watchers on one variant, absolute level \(watchers); \(watchers) outbox rows verified after each run"
            )
        } catch let unavailable as StoreUnavailable {
            report.skip(name, reason: unavailable.reason)
        }
    }

    private func measure(_ open: OpenStore, run: Int) async throws -> Double {
        let tag = "burst\(run)-\(UUID().uuidString.prefix(6))"
        let variant = "burst-\(tag)"
        Report.progress("restock run \(run)/\(runs): inserting \(watchers) customers and watches")
        let population = Population(store: open.store)
        let customers = try await population.customers(tag: tag, 0..<watchers)
        try await population.watches(customers.map { ($0, variant) })
        let engine = open.engine()
        try await engine.loadIndex()
        let backlogBefore = try await open.store.transaction { try $0.counts().outboxBacklog }

        let event = StockEvent(variantID: variant, change: .absolute(watchers), occurredAt: .now)
        let start = ContinuousClock.now
        let result = try await engine.ingest(stock: [event], receipt: DeliveryReceipt(source: "bench", id: tag))
        let elapsed = ContinuousClock.now - start

        let backlogAfter = try await open.store.transaction { try $0.counts().outboxBacklog }
        guard result.queued == watchers, backlogAfter - backlogBefore == watchers else {
            throw BenchError(
                "restock run \(run): queued \(result.queued), outbox grew by \(backlogAfter - backlogBefore), expected \(watchers)"
            )
        }
        return elapsed.seconds
    }
}
