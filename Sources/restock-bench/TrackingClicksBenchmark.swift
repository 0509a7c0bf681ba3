import Foundation

/// `tracking-clicks`: tracked clicks per second on one link of one sent email, through the real
/// daemon (target ≥ 2,000/s), with exactly one row written per unique event.
///
/// `restockd` runs as a child process with ``daemonSettings``. One shopper subscribes, the
/// variant comes back, and the email the daemon writes (its file transport) gives the one
/// `/t/c/…` link. Each run sends `clicks` GETs of that link over keep-alive connections from
/// distinct clients, as a reverse proxy forwards them (`X-Forwarded-For`, 127.0.0.1 trusted):
/// client n clicks 1 + n % 4 times in a row, so ten clicks come from four clients, all within
/// the repeat window; one client in five has a scanner's agent, so both the people's path and
/// the scanners' (which adds to the stats on every click) are timed. A client is then one
/// unique event: rows written must equal clients, and `/v1/stats` must count the email's people
/// once and each scanner once.
///
/// The clicks go in chunks of `chunk` requests. The last chunk's time against the first's shows
/// whether a click costs more as the link's clicks pile up; they pile up across runs too, since
/// one daemon serves them all.
struct TrackingClicksBenchmark {
    var daemonPath: String
    var clicks: Int
    var chunk: Int
    var warmUp: Int
    var connections: Int
    var runs: Int

    private let webhookSecret = "whsec_" + Data("restock-bench tracking secret 32".utf8).base64EncodedString()
    private let adminToken = "restock-bench-admin-token"

    /// Everything the benchmark sets on the daemon, in one place. Per-client rate limits, where
    /// the daemon has them, belong here too: each client sends at most four clicks, so a limit
    /// of that order per client and minute never throttles the load.
    static let daemonSettings: [String: String] = [
        // The clients' addresses arrive in X-Forwarded-For from a proxy on loopback.
        "RESTOCK_HTTP_TRUSTED_PROXIES": "127.0.0.1",
        // Clicks right after the send are judged as they would be an hour later (people's,
        // unless the agent is a scanner's), rather than all "too soon".
        "RESTOCK_TRACKING_PREFETCH_WINDOW_SECONDS": "0",
        "RESTOCK_TRACKING_REPEAT_WINDOW_SECONDS": "60",
        "RESTOCK_LOG_LEVEL": "warning",
    ]

    static let browserAgent =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
    static let scannerAgent = "Mozilla/5.0 (compatible; Barracuda Sentinel)"

    func run(on target: StoreTarget, report: Report) async throws {
        _ = try await DaemonProcess.onScratchDatabase(
            target, label: "tracking", name: "tracking-clicks [\(target.dialect)]", report: report,
            executable: daemonPath, webhookSecret: webhookSecret, adminToken: adminToken, settings: Self.daemonSettings
        ) { daemon, database in
            try await database.withStore { open in
                try await measure(
                    TrackedEmail(daemon: daemon, store: open, adminToken: adminToken), dialect: target.dialect,
                    report: report)
            }
        }
    }

    private func measure(_ email: TrackedEmail, dialect: String, report: Report) async throws {
        let path = try await email.send(webhookSecret: webhookSecret)
        let phase = LoadPhase(
            port: email.daemon.port, connections: connections, timeLimit: .seconds(120), expectedStatus: 302)
        var load = ClickLoad(path: path)
        Report.progress("tracking-clicks: warm-up, \(warmUp) clicks")
        _ = try await send(load.next(warmUp), phase: phase)

        var rates: [Double] = []
        var growth: [Double] = []
        var allRowsUnique = true
        for run in 1...runs {
            Report.progress("tracking-clicks run \(run)/\(runs): \(clicks) clicks")
            let (rowsBefore, clientsBefore) = (try await email.clickRows(), load.clients)
            let times = try await send(load.next(clicks), phase: phase)
            let (rows, unique) = (try await email.clickRows() - rowsBefore, load.clients - clientsBefore)
            rates.append(Double(clicks) / times.reduce(0, +))
            growth.append(times.last! / times.first!)
            allRowsUnique = allRowsUnique && rows == unique
            report.info(
                "run \(run): \(rows) rows for \(unique) unique events (client, link, window) out of \(clicks) clicks; "
                    + "first \(chunk) \(Figure.format(Double(chunk) / times.first!))/s, "
                    + "last \(chunk) \(Figure.format(Double(chunk) / times.last!))/s")
        }
        report.add(
            Figure(name: "tracking-clicks [\(dialect)]", unit: "clicks/s", samples: rates, target: .atLeast(2000)))
        report.add(
            Figure(
                name: "tracking-clicks last/first \(chunk) [\(dialect)]", unit: "× time", samples: growth,
                target: .atMost(1.5)))
        report.info(
            "\(clicks) clicks per run on one link over \(connections) keep-alive connections, each client 1–4 times "
                + "in a row, 1 in 5 with a scanner's agent, after \(warmUp) warm-up; one daemon for all runs")
        report.check(
            "tracking-clicks rows = unique events [\(dialect)]", passed: allRowsUnique,
            allRowsUnique
                ? "every run wrote one row per unique event" : "a run wrote more or fewer rows than unique events")
        let (people, scanners) = try await email.clickFigures()
        report.check(
            "tracking-clicks stats [\(dialect)]", passed: people == 1 && scanners == Int64(load.scannerClients),
            "/v1/stats: human_clicks \(people) (expected 1: the one email), "
                + "scanner_clicks \(scanners) (expected \(load.scannerClients): one per scanner)")
    }

    /// Sends `requests` in chunks; the seconds each chunk took.
    private func send(_ requests: [[UInt8]], phase: LoadPhase) async throws -> [Double] {
        var times: [Double] = []
        for start in stride(from: 0, to: requests.count, by: chunk) {
            let result = try await phase.run(Array(requests[start..<min(start + chunk, requests.count)]))
            guard result.failures == 0, result.unsent == 0 else {
                throw BenchError(
                    "\(result.failures) clicks not redirected, \(result.unsent) not sent; "
                        + "first: \(result.firstFailure ?? "?")")
            }
            times.append(result.elapsed.seconds)
        }
        return times
    }
}
