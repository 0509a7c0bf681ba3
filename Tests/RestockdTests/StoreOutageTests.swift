import Foundation
import RestockCore
import RestockHTTP
import RestockStore
import RestockTestSupport
import Synchronization
import Testing

/// A PostgreSQL outage under load, on the real binary: restockd must wait it out, not restart,
/// and lose nothing (issue 16, "Degrade, don't restart").
@Suite(.serialized) struct StoreOutageTests {
    static let secret = "whsec_" + Data("outage-test-secret-0123456789".utf8).base64EncodedString()
    static let token = "outage-test-admin-token-0123"
    /// WATCHDOG_USEC: systemd would kill a process that stays silent this long.
    static let watchdog: Duration = .seconds(10)
    static let outage: Duration = .seconds(60)

    /// A shop's engine: sends one signed delivery and, like every platform, sends it again
    /// (same `webhook-id`) until it is acknowledged with 200. Every answer is kept.
    final class Platform: Sendable {
        let baseURL: String
        let answers = Mutex<[Int]>([])
        init(baseURL: String) { self.baseURL = baseURL }

        func deliver(id: String, body: String) async {
            while true {
                let seconds = Int64(Date().timeIntervalSince1970)
                let data = Data(body.utf8)
                let status = try? await HTTP.request(
                    "POST", baseURL + "/v1/inventory",
                    headers: [
                        "webhook-id": id, "webhook-timestamp": String(seconds), "content-type": "application/json",
                        "webhook-signature": StandardWebhookVerifier.sign(
                            secret: StoreOutageTests.secret, id: id, timestamp: seconds, body: data),
                    ], body: data
                ).status
                answers.withLock { $0.append(status ?? 0) }
                if status == 200 { return }
                try? await Task.sleep(for: .seconds(1))
            }
        }

        /// A shop backend's subscribe call, sent again until it is accepted.
        func subscribe(email: String, variant: String) async {
            while true {
                let status = try? await HTTP.request(
                    "POST", baseURL + "/v1/watches",
                    headers: ["authorization": "Bearer \(StoreOutageTests.token)", "content-type": "application/json"],
                    body: Data(#"{"email":"\#(email)","variant_id":"\#(variant)"}"#.utf8)
                ).status
                answers.withLock { $0.append(status ?? 0) }
                if status == 202 { return }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    @Test(.enabled(if: StoreKind.enabled.contains(.postgres), "needs PostgreSQL server binaries"))
    func aMinuteLongPostgresOutageUnderLoadIsWaitedOutWithNothingLost() async throws {
        let postgres = try await OffPool.run { try ThrowawayPostgres() }
        defer { postgres.dispose() }
        let socket = try NotifySocket()
        let recorder = NotifyRecorder(socket)
        let directory = NSTemporaryDirectory() + "restockd-outage-\(UUID().uuidString)"
        let daemon = try DaemonProcess(
            dataDirectory: directory,
            environment: [
                "RESTOCK_STORE_URL": postgres.url, "RESTOCK_WEBHOOK_SECRET": Self.secret,
                "RESTOCK_ADMIN_TOKEN": Self.token, "NOTIFY_SOCKET": socket.address,
                "WATCHDOG_USEC": String(Self.watchdog.components.seconds * 1_000_000),
            ])
        try await daemon.waitUntilReady()
        let platform = Platform(baseURL: daemon.baseURL)

        // 20 sold-out variants with 3 watchers each, all subscribed before the outage.
        for variant in 0..<20 {
            for watcher in 0..<3 {
                await platform.subscribe(email: "w\(watcher)-v\(variant)@example.com", variant: "v\(variant)")
            }
        }

        // Load for the whole test: every 300 ms a stock change (+1) of a new variant nobody
        // watches, each retried until acknowledged (one variant each, so a retry that arrives
        // after a later change is not stale); restocks of the watched variants before, during
        // and after the outage; and five new watchers subscribing while the store is down.
        let noise = NoiseLoad()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskGroup(of: Void.self) { deliveries in
                    var index = 0
                    while !noise.stop.load(ordering: .acquiring) {
                        let id = "noise-\(index)"
                        deliveries.addTask {
                            await platform.deliver(id: id, body: #"{"variant_id":"\#(id)","delta":1}"#)
                        }
                        index += 1
                        noise.sent.store(index, ordering: .releasing)
                        try? await Task.sleep(for: .milliseconds(300))
                    }
                }
            }
            var restocks: [Task<Void, Never>] = []
            func restock(_ variant: Int) {
                restocks.append(
                    Task {
                        await platform.deliver(
                            id: "restock-v\(variant)", body: #"{"variant_id":"v\#(variant)","available":5}"#)
                    })
            }
            for variant in 0..<5 { restock(variant) }
            try await Task.sleep(for: .seconds(2))

            try await OffPool.run { try postgres.stop() }
            let outageStarted = ContinuousClock.now
            for variant in 5..<15 { restock(variant) }
            let latecomers = (0..<5).map { watcher in
                Task { await platform.subscribe(email: "late\(watcher)@example.com", variant: "v20") }
            }
            try await Task.sleep(for: Self.outage / 2)
            let (readyDuringOutage, _) = try await HTTP.request("GET", daemon.baseURL + "/readyz")
            #expect(readyDuringOutage == 503, "/readyz must fail while the store is down")
            try await Task.sleep(until: outageStarted + Self.outage)
            #expect(daemon.process.isRunning, "restockd must stay up through the outage:\n\(daemon.log)")
            try await OffPool.run { try postgres.start() }
            let outageEnded = ContinuousClock.now

            for variant in 15..<20 { restock(variant) }
            for task in latecomers { await task.value }
            restock(20)
            for task in restocks { await task.value }
            noise.stop.store(true, ordering: .releasing)
            try await group.waitForAll()

            // Everything was acknowledged; now every email must go out.
            let sent = try await waitForOutbox(daemon, count: 65)
            #expect(sent.count == 65, "every watcher of a restocked variant hears once:\n\(daemon.log)")
            #expect(sent.allSatisfy { $0["state"] as? String == "sent" }, "none failed: \(sent)")
            let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/mail")
            #expect(files.filter { $0.hasSuffix(".eml") }.count == 65)

            let store = postgres.store()
            let changes = noise.sent.load(ordering: .acquiring)
            let levels = try await store.transaction { tx in
                try (0..<changes).map { try tx.stockLevels(variant: "noise-\($0)").first?.available ?? 0 }
            }
            try await store.close()
            #expect(changes > 200 && levels.allSatisfy { $0 == 1 }, "every acknowledged change applied exactly once")

            let (readyAfter, _) = try await HTTP.request("GET", daemon.baseURL + "/readyz")
            #expect(readyAfter == 200)
            daemon.signal(SIGTERM)
            #expect(try await daemon.waitForExit() == 0)
            await recorder.stop()

            let answers = platform.answers.withLock { $0 }
            #expect(answers.contains(503), "requests during the outage are answered 503 (retry later)")
            #expect(!answers.contains(500), "no request failed with 500: \(Set(answers))")

            let messages = recorder.messages
            let pings = messages.filter { $0.text.contains("WATCHDOG=1") }.map(\.at)
            let gaps = zip(pings, pings.dropFirst()).map { $1 - $0 }
            #expect(
                pings.filter { $0 > outageStarted && $0 < outageEnded }.count >= 4,
                "the watchdog is fed through the outage")
            #expect(
                gaps.allSatisfy { $0 < Self.watchdog },
                "systemd would have killed restockd: gaps \(gaps.max() ?? .zero)")
            #expect(
                messages.contains { $0.text.contains("STATUS=Waiting for the store") },
                "STATUS= says the daemon waits for its store")
            #expect(messages.last { $0.text.hasPrefix("STATUS=Ready") || $0.text.contains("\nSTATUS=Ready") } != nil)
        }
    }

    /// Polls the outbox until `count` back-in-stock rows are sent or failed, or a minute passes.
    func waitForOutbox(_ daemon: DaemonProcess, count: Int) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + .seconds(60)
        var rows: [[String: Any]] = []
        while ContinuousClock.now < deadline {
            let (_, data) = try await HTTP.request(
                "GET", daemon.baseURL + "/v1/outbox?limit=1000", headers: ["authorization": "Bearer \(Self.token)"])
            rows = (try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []).filter {
                ["sent", "failed"].contains($0["state"] as? String)
            }
            if rows.count >= count { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        return rows
    }
}

/// The background stock changes of the outage test: how many were started, and when to stop.
final class NoiseLoad: Sendable {
    let sent = Atomic<Int>(0)
    let stop = Atomic<Bool>(false)
}
