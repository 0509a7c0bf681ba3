import Foundation

/// `http-deltas`: signed inventory deltas per second through the real daemon, each answered 200
/// only once durable (target ≥ 5,000/s).
///
/// `restockd` runs as a child process on the scratch database; 16 keep-alive connections each
/// send their next request as soon as the previous one is answered. A warm-up phase (not
/// counted) lets the daemon compile statements and the variants' stock rows exist; each run then
/// counts a fixed number of requests. Every run is bounded in time, and every answer must be 200.
struct HTTPDeltasBenchmark {
    var daemonPath: String
    var requests: Int
    var warmUpRequests: Int
    var connections: Int
    var variants: Int
    var timeLimit: Duration
    var runs: Int

    private let webhookSecret = "whsec_" + Data("restock-bench webhook secret 32b".utf8).base64EncodedString()
    private let adminToken = "restock-bench-admin-token"

    func run(on target: StoreTarget, report: Report) async throws {
        let name = "http-deltas [\(target.dialect)]"
        guard FileManager.default.isExecutableFile(atPath: daemonPath) else {
            report.skip(
                name,
                reason:
                    "no restockd at \(daemonPath) (swift build -c release --scratch-path .build-bench --product restockd)"
            )
            return
        }
        do {
            let results = try await target.withScratchDatabase(label: "http") { database in
                // Opened here first: a store that cannot even migrate (PostgreSQL not implemented
                // yet) is a skip line, not a daemon that dies at start.
                try await database.withStore { _ in }
                return try await withDaemon(storeURL: database.url) { port in try await load(port: port) }
            }
            report.add(
                Figure(name: name, unit: "requests/s", samples: results.map(\.perSecond), target: .atLeast(5000)))
            report.info(
                "\(requests) deltas per run over \(connections) keep-alive connections, \(variants) variants, "
                    + "after \(warmUpRequests) warm-up; all answered 200")
            for (run, result) in results.enumerated() where result.unsent > 0 {
                report.info("run \(run + 1) hit the \(timeLimit) limit: \(result.unsent) requests not sent")
            }
        } catch let unavailable as StoreUnavailable {
            report.skip(name, reason: unavailable.reason)
        }
    }

    private func load(port: UInt16) async throws -> [LoadResult] {
        let phase = LoadPhase(port: port, connections: connections, timeLimit: timeLimit)
        let deltas = SignedDeltas(secret: webhookSecret, variants: variants)
        let tag = UUID().uuidString.prefix(8)
        Report.progress("http-deltas: warm-up, \(warmUpRequests) requests")
        try check(try await phase.run(deltas.requests(count: warmUpRequests, idPrefix: "\(tag)-warm-up")))
        var results: [LoadResult] = []
        for run in 1...runs {
            Report.progress("http-deltas run \(run)/\(runs): \(requests) requests")
            let result = try await phase.run(deltas.requests(count: requests, idPrefix: "\(tag)-\(run)"))
            try check(result)
            results.append(result)
        }
        return results
    }

    /// A refused or failed request makes the rate meaningless: the daemon did not do the work.
    private func check(_ result: LoadResult) throws {
        guard result.failures == 0 else {
            throw BenchError("\(result.failures) requests failed, first: \(result.firstFailure ?? "?")")
        }
    }

    private func withDaemon<T>(storeURL: String, _ body: (UInt16) async throws -> T) async throws -> T {
        let dataDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("restock-bench-daemon-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let daemon = try DaemonProcess(
            executable: daemonPath, storeURL: storeURL, dataDirectory: dataDirectory,
            webhookSecret: webhookSecret, adminToken: adminToken)
        do {
            try await daemon.waitUntilReady(timeout: .seconds(60))
            let value = try await body(daemon.port)
            await daemon.stop()
            try? FileManager.default.removeItem(atPath: dataDirectory)
            return value
        } catch {
            await daemon.stop()
            // Kept on failure: the daemon's log explains it.
            Report.progress("restockd data directory kept for inspection: \(dataDirectory)")
            throw error
        }
    }
}
