import Foundation
import RestockCore
import RestockEngine

/// The one email of `tracking-clicks`: subscribed, restocked and sent through the real daemon,
/// and what the daemon then recorded of its clicks, read from the same store.
struct TrackedEmail {
    let daemon: DaemonProcess
    let store: OpenStore
    let adminToken: String

    /// Subscribes one shopper, brings the variant back, waits for the email the daemon writes
    /// (its file transport, under the data directory) and returns the path of its one tracked
    /// link.
    func send(webhookSecret: String) async throws -> String {
        let connection = try KeepAliveConnection(port: daemon.port)
        let subscription = Array(
            #"{"email":"ada@example.com","variant_id":"socks-m","product_title":"Merino socks","url":"https://shop.example/p/socks?size=m"}"#
                .utf8)
        let head =
            "POST /v1/watches HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Authorization: Bearer \(adminToken)\r\nContent-Length: \(subscription.count)\r\n\r\n"
        let subscribed = try connection.send(Array(head.utf8) + subscription)
        guard subscribed == 202 else { throw BenchError("subscribing answered \(subscribed)") }
        let restock = SignedDeltas.request(
            body: Array(#"{"variant_id":"socks-m","available":3}"#.utf8), id: "tracking-restock", secret: webhookSecret,
            timestamp: Int64(Date().timeIntervalSince1970))
        let restocked = try connection.send(restock)
        guard restocked == 200 else { throw BenchError("the restock answered \(restocked)") }

        let directory = daemon.dataDirectory + "/mail"
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            // A leading dot is the transport's temporary file, renamed once complete.
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            if let name = names.first(where: { $0.hasSuffix(".eml") && !$0.hasPrefix(".") }) {
                return try Self.clickPath(in: try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError("no email in \(directory) 30 s after the restock; see \(daemon.logPath)")
    }

    /// The one `/t/c/…` path of a message, after undoing quoted-printable soft line breaks
    /// (the token itself holds no character quoted-printable escapes).
    static func clickPath(in message: Data) throws -> String {
        let text = String(decoding: message, as: UTF8.self)
            .replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=\n", with: "")
        let paths = Set(text.matches(of: #//t/c/[A-Za-z0-9_-]+/#).map { String($0.output) })
        guard paths.count == 1, let path = paths.first else {
            throw BenchError("expected one tracked link in the email, found \(paths.count)")
        }
        return path
    }

    /// Click rows of every email: what the clicks wrote.
    func clickRows() async throws -> Int {
        try await store.store.transaction { tx in
            try tx.outboxEntries(state: nil, limit: 10).reduce(0) {
                try $0 + tx.events(outboxID: $1.id, kind: .click).count
            }
        }
    }

    /// `human_clicks` and `scanner_clicks` as `/v1/stats` reports them today.
    func clickFigures() async throws -> (people: Int64, scanners: Int64) {
        let today = StatsIncrement.day(.now)
        let report = try await store.engine().stats(fromDay: today - 1, toDay: today, groupBy: .kind)
        return (report.total.humanClicks, report.total.scannerClicks)
    }
}
