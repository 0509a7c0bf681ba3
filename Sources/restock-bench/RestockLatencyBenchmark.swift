import Foundation

/// `restock-latency`: on the embedded default (SQLite, a real `restockd` process), the time from
/// sending a restock webhook to the first email arriving at `smtp-sink`, over `restocks`
/// restocks of variants with one watcher each (targets: median ≤ 50 ms, p99 ≤ 200 ms).
///
/// The clock starts before the request is written, so the figure includes the HTTP exchange,
/// the group commit, waking the dispatcher, rendering and the SMTP transaction. It stops when
/// smtp-sink has created the message's dump file.
struct RestockLatencyBenchmark {
    var daemonPath: String
    var restocks: Int
    var runs: Int
    private let secret = "whsec_" + Data("restock-bench-latency-secret".utf8).base64EncodedString()
    private let adminToken = "restock-bench-admin-token"

    init(daemonPath: String, restocks: Int, runs: Int) {
        self.daemonPath = daemonPath
        self.restocks = restocks
        self.runs = runs
    }

    func run(report: Report) async throws {
        guard FileManager.default.isExecutableFile(atPath: daemonPath) else {
            report.skip(
                "restock-latency", reason: "no restockd at \(daemonPath) (swift build -c release --product restockd)")
            return
        }
        var samples: [Double] = []
        var medians: [Double] = []
        var p99s: [Double] = []
        for run in 1...runs {
            Report.progress("restock-latency run \(run)/\(runs): \(restocks) restocks")
            let latencies = try await measure(run: run)
            samples += latencies
            let sorted = latencies.sorted()
            medians.append(sorted[sorted.count / 2])
            p99s.append(sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)])
        }
        report.add(Figure(name: "restock-latency median [sqlite]", unit: "ms", samples: medians, target: .atMost(50)))
        report.add(Figure(name: "restock-latency p99 [sqlite]", unit: "ms", samples: p99s, target: .atMost(200)))
        report.info(
            "webhook sent → first message at smtp-sink, \(restocks) restocks per run of one-watcher variants; "
                + "slowest of all \(samples.count): \(Figure.format(samples.max() ?? 0)) ms")
    }

    private func measure(run: Int) async throws -> [Double] {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("restock-bench-latency-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: scratch + "/data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let dumps = scratch + "/sink"
        let sink = try SMTPSink(dumpDirectory: dumps)
        defer { sink.stop() }
        let daemon = try DaemonProcess(
            executable: daemonPath, storeURL: "sqlite:\(scratch)/data/restock.sqlite", dataDirectory: scratch + "/data",
            webhookSecret: secret, adminToken: adminToken,
            settings: [
                "RESTOCK_MAIL_URL": sink.url, "RESTOCK_MAIL_TLS": "never", "RESTOCK_MAIL_FROM": "shop@shop.example",
                "RESTOCK_LOG_LEVEL": "warning",
            ])
        do {
            let latencies = try await measure(daemon, dumps: dumps, run: run)
            await daemon.stop()
            return latencies
        } catch {
            await daemon.stop()
            throw error
        }
    }

    private func measure(_ daemon: DaemonProcess, dumps: String, run: Int) async throws -> [Double] {
        try await daemon.waitUntilReady(timeout: .seconds(60))
        let connection = try KeepAliveConnection(port: daemon.port)
        let warmUp = 10
        for n in 0..<(warmUp + restocks) {
            let status = try connection.send(subscription(n))
            guard status == 202 else { throw BenchError("subscribing watcher \(n) answered \(status)") }
        }
        var latencies: [Double] = []
        for n in 0..<(warmUp + restocks) {
            let before = try FileManager.default.contentsOfDirectory(atPath: dumps).count
            let request = restock(n, run: run)
            let start = ContinuousClock.now
            let status = try connection.send(request)
            guard status == 200 else { throw BenchError("restock \(n) answered \(status)") }
            while try FileManager.default.contentsOfDirectory(atPath: dumps).count == before {
                guard ContinuousClock.now - start < .seconds(30) else {
                    throw BenchError("no email 30 s after restock \(n); see \(daemon.logPath)")
                }
                usleep(200)
            }
            if n >= warmUp { latencies.append((ContinuousClock.now - start).seconds * 1000) }
        }
        return latencies
    }

    private func subscription(_ n: Int) -> [UInt8] {
        let body = Array(
            #"{"email":"latency\#(n)@example.com","variant_id":"lat-\#(n)","product_title":"Merino socks","url":"https://shop.example/p/\#(n)"}"#
                .utf8)
        let head =
            "POST /v1/watches HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Authorization: Bearer \(adminToken)\r\nContent-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }

    private func restock(_ n: Int, run: Int) -> [UInt8] {
        SignedDeltas.request(
            body: Array(#"{"variant_id":"lat-\#(n)","available":3}"#.utf8), id: "latency-\(run)-\(n)", secret: secret,
            timestamp: Int64(Date().timeIntervalSince1970))
    }
}
