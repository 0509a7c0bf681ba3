import Foundation
import RestockCore
import RestockEngine

/// `restock-100k`: one variant with 100,000 watchers comes back with stock for all of them; how
/// long `engine.ingest(stock:receipt:)` takes from call to return, which is when every one of
/// the 100,000 outbox rows is committed (target ≤ 2 s).
///
/// Each run adds its own variant and 100,000 customers to the same scratch database (setup not
/// timed), so later runs see a larger database, as a shop's would be.
///
/// A second figure, `watcher pages`, times the part of the restock that an in-memory inverted
/// index could take over: reading the variant's waiting watchers from the store, in the wave's
/// own pages, just before the restock of the same run (docs/ARCHITECTURE.md §5 decides the index
/// by it).
struct RestockBurstBenchmark {
    var watchers: Int
    var runs: Int

    func run(on target: StoreTarget, report: Report) async throws {
        let name = "restock-\(watchers / 1000)k [\(target.dialect)]"
        do {
            let samples = try await target.withScratchDatabase(label: "restock") { database in
                try await database.withStore { open in
                    var samples: [Sample] = []
                    for run in 1...runs {
                        samples.append(try await measure(open, run: run))
                    }
                    return samples
                }
            }
            let restock = Figure(name: name, unit: "s", samples: samples.map(\.restock), target: .atMost(2))
            let pages = Figure(name: "\(name) watcher pages", unit: "s", samples: samples.map(\.watcherPages))
            report.add(restock)
            report.add(pages)
            report.info(
                "\(watchers) watchers on one variant, absolute level \(watchers); \(watchers) outbox rows verified after each run; reading the watchers is \(Figure.format(100 * pages.median / restock.median)) % of the restock"
            )
        } catch let unavailable as StoreUnavailable {
            report.skip(name, reason: unavailable.reason)
        }
    }

    /// One run: the whole restock, and the read of its watchers alone.
    struct Sample {
        var restock: Double
        var watcherPages: Double
    }

    private func measure(_ open: OpenStore, run: Int) async throws -> Sample {
        let tag = "burst\(run)-\(UUID().uuidString.prefix(6))"
        let variant = "burst-\(tag)"
        Report.progress("restock run \(run)/\(runs): inserting \(watchers) customers and watches")
        let population = Population(store: open.store)
        let customers = try await population.customers(tag: tag, 0..<watchers)
        try await population.watches(customers.map { ($0, variant) })
        let engine = open.engine()
        let pages = try await timeWatcherPages(open.store, variant: variant)
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
        return Sample(restock: elapsed.seconds, watcherPages: pages.seconds)
    }

    /// Reads the variant's waiting watchers as the wave does (`IngestPipeline.runWave`: everyone,
    /// pages of 100,000 until a short one), in a transaction of its own.
    private func timeWatcherPages(_ store: any RestockStore, variant: String) async throws -> Duration {
        let pageSize = 100_000
        let start = ContinuousClock.now
        let read = try await store.transaction { tx -> Int in
            var (after, read): (Int64?, Int) = (nil, 0)
            while true {
                let page = try tx.watches(variantID: variant, state: .watching, afterPosition: after, limit: pageSize)
                read += page.count
                guard page.count == pageSize, let last = page.last else { return read }
                after = last.queuePosition
            }
        }
        let elapsed = ContinuousClock.now - start
        guard read == watchers else { throw BenchError("read \(read) waiting watchers, expected \(watchers)") }
        return elapsed
    }
}
