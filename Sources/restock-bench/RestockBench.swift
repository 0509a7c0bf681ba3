import ArgumentParser
import Foundation

/// `restock-bench`: the performance figures of issues 2 to 5 and 16, one line each, with PASS or FAIL against
/// its target. Build and run in release mode; debug numbers mean nothing.
///
/// ```
/// swift build -c release --scratch-path .build-bench --product restock-bench
/// swift build -c release --scratch-path .build-bench --product restockd
/// .build-bench/release/restock-bench [--only NAME …] [--runs 3] [--store URL] [--postgres URL]
/// ```
@main
struct RestockBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restock-bench",
        abstract: "Measure Restock against its performance targets.",
        discussion: """
            Prints one line per figure: `name: median unit (min, max, runs; target, PASS/FAIL)`; \
            progress goes to stderr. Store benchmarks run on --store and, when a PostgreSQL URL is \
            given (--postgres or RESTOCK_TEST_POSTGRES_URL), on PostgreSQL too, each in a fresh \
            database of its own.
            """)

    /// The benchmarks, by the names issue 2 gives them.
    enum Name: String, CaseIterable, ExpressibleByArgument {
        case daemonStart = "daemon-start"
        case restock100k = "restock-100k"
        case httpDeltas = "http-deltas"
        case eventScaling = "event-scaling"
        case mailThroughput = "mail-throughput"
        case mailDKIM = "mail-dkim"
        case restockLatency = "restock-latency"
        case stats90d = "stats-90d"
        case feed100k = "feed-100k"
        case rejectedRequest = "rejected-request"
        case trackingClicks = "tracking-clicks"
    }

    @Option(
        name: .customLong("only"),
        help: "Run only this benchmark (repeatable): \(Name.allCases.map(\.rawValue).joined(separator: ", ")).")
    var only: [Name] = []

    @Option(help: "Runs per figure; the median is reported, with min and max.")
    var runs = 3

    @Option(
        help:
            "Store for the store benchmarks: sqlite (a temporary file, the default), sqlite:PATH (files PATH.<benchmark>), or a PostgreSQL URL."
    )
    var store = "sqlite"

    @Option(
        help:
            "Also run the store benchmarks on this PostgreSQL server (default: $RESTOCK_TEST_POSTGRES_URL; \"\" for none)."
    )
    var postgres: String?

    @Option(
        help:
            "The restockd binary for http-deltas, tracking-clicks and daemon-start (default: next to this executable).")
    var daemon: String?

    @OptionGroup(title: "Sizes (defaults are issue 2's; smaller ones are for profiling)")
    var sizes: BenchSizes

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        _ = try targets()
    }

    func run() async throws {
        let report = Report()
        let selected = only.isEmpty ? Name.allCases : Name.allCases.filter(only.contains)
        let targets = try targets()
        for name in selected {
            do {
                try await run(name, targets: targets, report: report)
            } catch {
                // One broken benchmark must not hide the others' figures.
                report.skip(name.rawValue, reason: "error: \(String(reflecting: error))")
            }
        }
        report.summary()
    }

    private func run(_ name: Name, targets: [StoreTarget], report: Report) async throws {
        switch name {
        case .daemonStart:
            for target in targets {
                try await DaemonStartBenchmark(
                    daemonPath: daemon ?? DaemonProcess.besideThisExecutable, watches: sizes.startWatches,
                    variants: sizes.startVariants, runs: runs
                ).run(on: target, report: report)
            }
        case .restock100k:
            for target in targets {
                try await RestockBurstBenchmark(watchers: sizes.restockWatchers, runs: runs).run(
                    on: target, report: report)
            }
        case .httpDeltas:
            for target in targets {
                try await HTTPDeltasBenchmark(
                    daemonPath: daemon ?? DaemonProcess.besideThisExecutable, requests: sizes.httpRequests,
                    warmUpRequests: sizes.httpWarmUp, connections: sizes.httpConnections,
                    variants: sizes.httpVariants, timeLimit: .seconds(sizes.httpTimeLimit), runs: runs
                ).run(on: target, report: report)
            }
        case .mailThroughput, .mailDKIM:
            for target in targets {
                try await MailThroughputBenchmark(
                    messages: sizes.mailMessages, connections: sizes.mailConnections, dkim: name == .mailDKIM,
                    runs: runs
                ).run(on: target, report: report)
            }
        case .restockLatency:
            try await RestockLatencyBenchmark(
                daemonPath: daemon ?? DaemonProcess.besideThisExecutable, restocks: sizes.latencyRestocks,
                runs: runs
            ).run(report: report)
        case .stats90d:
            for target in targets {
                try await StatsQueryBenchmark(events: sizes.statsEvents, variants: sizes.statsVariants, runs: runs)
                    .run(on: target, report: report)
            }
        case .feed100k:
            for target in targets {
                try await FeedPollBenchmark(items: sizes.feedItems, watched: sizes.feedWatched, runs: runs)
                    .run(on: target, report: report)
            }
        case .rejectedRequest:
            try RejectedRequestBenchmark(requests: sizes.rejectedRequests, runs: runs).run(report: report)
        case .trackingClicks:
            for target in targets {
                try await TrackingClicksBenchmark(
                    daemonPath: daemon ?? DaemonProcess.besideThisExecutable, clicks: sizes.trackingClicks,
                    chunk: sizes.trackingChunk, warmUp: sizes.trackingWarmUp, connections: sizes.trackingConnections,
                    runs: runs
                ).run(on: target, report: report)
            }
        case .eventScaling:
            for target in targets {
                try await EventScalingBenchmark(
                    smallWatches: sizes.scalingSmall, largeWatches: sizes.scalingLarge,
                    touchedVariants: sizes.scalingVariants, watchersPerVariant: sizes.scalingWatchers,
                    pairs: sizes.scalingPairs, runs: runs
                ).run(on: target, report: report)
            }
        }
    }

    /// `--store`, then PostgreSQL when a URL is given and it is not `--store` already.
    private func targets() throws -> [StoreTarget] {
        var targets = [try StoreTarget(url: store)]
        let postgresURL = postgres ?? ProcessInfo.processInfo.environment["RESTOCK_TEST_POSTGRES_URL"] ?? ""
        if !postgresURL.isEmpty {
            let target = try StoreTarget(url: postgresURL)
            guard target.dialect == "postgresql" else { throw ValidationError("--postgres expects a PostgreSQL URL") }
            if !targets.contains(target) { targets.append(target) }
        }
        return targets
    }
}
