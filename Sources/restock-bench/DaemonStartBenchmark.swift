import Foundation
import RestockCore

/// `daemon-start`: what the daemon costs per live watch, and how long it takes to start, at
/// 1,000,000 live watches over 100,000 variants (target ≤ 16 bytes/watch, the in-memory watch
/// index's before it was removed; README, "Benchmarks").
///
/// The real `restockd` is started `runs` times on an empty scratch database and `runs` times on
/// the same database filled with the watches; each time its resident memory is read from
/// `/proc/PID/statm` a second after `/readyz` first answers 200. The figure is the difference
/// of the medians divided by the watches: memory that grows with the watches, whatever holds it
/// (an index, a cache). The daemon gets the unit's `GLIBC_TUNABLES` (deploy/restockd.service),
/// as deployed.
///
/// The time to ready is from launching the process to the first 200 from `/readyz`: migration
/// check, templates, the bind. Nothing is loaded from the store, so it should not grow with the
/// watches.
struct DaemonStartBenchmark {
    var daemonPath: String
    var watches: Int
    var variants: Int
    var runs: Int

    private let webhookSecret = "whsec_" + Data("restock-bench webhook secret 32b".utf8).base64EncodedString()
    private let adminToken = "restock-bench-admin-token"
    /// The unit's setting (deploy/restockd.service).
    static let fixedMmapThreshold = "glibc.malloc.mmap_threshold=131072"

    /// One start: seconds to ready and resident bytes a second later.
    struct Sample {
        var seconds: Double
        var resident: Double
    }

    func run(on target: StoreTarget, report: Report) async throws {
        let name = "daemon-start [\(target.dialect)]"
        guard FileManager.default.isExecutableFile(atPath: daemonPath) else {
            report.skip(
                name,
                reason:
                    "no restockd at \(daemonPath) (swift build -c release --scratch-path .build-bench --product restockd)"
            )
            return
        }
        do {
            let (empty, full) = try await target.withScratchDatabase(label: "start") { database in
                try await database.withStore { _ in }
                var empty: [Sample] = []
                for run in 1...runs {
                    Report.progress("daemon-start run \(run)/\(runs): empty store")
                    empty.append(try await start(storeURL: database.url))
                }
                try await database.withStore { open in try await populate(open.store) }
                var full: [Sample] = []
                for run in 1...runs {
                    Report.progress("daemon-start run \(run)/\(runs): \(watches) watches")
                    full.append(try await start(storeURL: database.url))
                }
                return (empty, full)
            }
            let baseline = Figure(name: "", unit: "", samples: empty.map(\.resident)).median
            report.add(
                Figure(
                    name: "\(name) RSS per live watch", unit: "bytes/watch",
                    samples: full.map { ($0.resident - baseline) / Double(watches) }, target: .atMost(16)))
            report.add(Figure(name: "\(name) time to ready", unit: "s", samples: full.map(\.seconds)))
            let emptyReady = Figure(name: "", unit: "", samples: empty.map(\.seconds)).median
            report.info(
                "\(watches) live watches over \(variants) variants; on an empty store: RSS \(Figure.format(baseline / 1_048_576)) MiB, ready in \(Figure.format(emptyReady)) s"
            )
        } catch let unavailable as StoreUnavailable {
            report.skip(name, reason: unavailable.reason)
        }
    }

    private func start(storeURL: String) async throws -> Sample {
        let launched = ContinuousClock.now
        return try await DaemonProcess.with(
            executable: daemonPath, storeURL: storeURL, webhookSecret: webhookSecret, adminToken: adminToken,
            settings: ["GLIBC_TUNABLES": Self.fixedMmapThreshold]
        ) { daemon in
            let ready = ContinuousClock.now - launched
            try await Task.sleep(for: .seconds(1))
            return Sample(
                seconds: ready.seconds, resident: Double(ProcessMemory.residentBytes(process: daemon.processIdentifier))
            )
        }
    }

    /// `watches / 10` customers watching 10 variants each, spread over every variant (the
    /// scheme of `event-scaling`'s background), with Shopify-like 14-digit variant ids.
    private func populate(_ store: any RestockStore) async throws {
        Report.progress("daemon-start: inserting \(watches) watches")
        let population = Population(store: store)
        let customers = try await population.customers(tag: "start", 0..<max(1, watches / 10))
        let pairs = (0..<watches).map { j -> (customerID: Int64, variantID: String) in
            let (c, s) = j.quotientAndRemainder(dividingBy: 10)
            return (customers[c % customers.count], String(40_000_000_000_000 + ((c + s * 7919) % variants) * 7))
        }
        try await population.watches(pairs)
    }
}
