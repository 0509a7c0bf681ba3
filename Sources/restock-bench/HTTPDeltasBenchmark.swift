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
        guard
            let results = try await DaemonProcess.onScratchDatabase(
                target, label: "http", name: name, report: report, executable: daemonPath,
                webhookSecret: webhookSecret, adminToken: adminToken, { daemon, _ in try await load(port: daemon.port) }
            )
        else { return }
        report.add(Figure(name: name, unit: "requests/s", samples: results.map(\.perSecond), target: .atLeast(5000)))
        report.info(
            "\(requests) deltas per run over \(connections) keep-alive connections, \(variants) variants, "
                + "after \(warmUpRequests) warm-up; all answered 200")
        for (run, result) in results.enumerated() where result.unsent > 0 {
            report.info("run \(run + 1) hit the \(timeLimit) limit: \(result.unsent) requests not sent")
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
}
