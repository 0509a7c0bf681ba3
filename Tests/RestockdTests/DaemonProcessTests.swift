import Foundation
import RestockCore
import RestockHTTP
import RestockStore
import RestockTestSupport
import Synchronization
import Testing

/// The built `restockd` binary as systemd and a crash would treat it.
@Suite(.serialized) struct DaemonProcessTests {
    static let secret = "whsec_" + Data("process-test-secret-0123456789".utf8).base64EncodedString()
    static let token = "process-test-admin-token-0123"
    static let environment = ["RESTOCK_WEBHOOK_SECRET": secret, "RESTOCK_ADMIN_TOKEN": token]

    func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "restockd-process-\(UUID().uuidString)"
    }

    @Test func systemdHearsStartupReadinessWatchdogAndStoppingInOrder() async throws {
        let socket = try NotifySocket()
        let daemon = try DaemonProcess(
            dataDirectory: temporaryDirectory(),
            environment: Self.environment.merging(["NOTIFY_SOCKET": socket.address, "WATCHDOG_USEC": "1000000"]) { $1 })
        try await daemon.waitUntilReady()
        var messages: [String] = []
        // The watchdog pings every half WATCHDOG_USEC; wait for two of them.
        while messages.filter({ $0 == "WATCHDOG=1" }).count < 2, let message = socket.next(timeout: 10) {
            messages.append(message)
        }
        daemon.signal(SIGTERM)
        while let message = socket.next(timeout: 10) {
            messages.append(message)
            if message.contains("STOPPING=1") { break }
        }
        #expect(try await daemon.waitForExit() == 0)

        let migrating = messages.firstIndex { $0.hasPrefix("STATUS=Migrating") }
        // The counts come from the store: nothing is loaded between the migration and READY=1.
        let ready = messages.firstIndex {
            $0 == "READY=1\nSTATUS=Ready on 127.0.0.1:\(daemon.port): 0 watches on 0 variants"
        }
        let stopping = messages.firstIndex { $0.hasPrefix("STOPPING=1") }
        #expect(migrating != nil && ready != nil && stopping != nil, "\(messages)")
        if let migrating, let ready, let stopping {
            #expect(migrating < ready && ready < stopping, "\(messages)")
        }
        #expect(messages.filter { $0 == "WATCHDOG=1" }.count >= 2, "\(messages)")
        #expect(messages.allSatisfy { !$0.hasPrefix("STATUS=") || !$0.dropFirst(7).contains("\n") })
    }

    @Test func aBadValueStopsStartupNamingTheKey() async throws {
        let daemon = try DaemonProcess(
            dataDirectory: temporaryDirectory(), environment: ["RESTOCK_PLANNER_PER_UNIT": "lots"])
        let status = try await daemon.waitForExit()
        #expect(status != 0)
        #expect(daemon.log.contains("RESTOCK_PLANNER_PER_UNIT"), "\(daemon.log)")
    }

    /// Signed generic delivery of one absolute level.
    func delivery(_ index: Int, to url: String) async throws -> (status: Int, body: String) {
        let body = Data(#"{"variant_id":"v\#(index)","available":5}"#.utf8)
        let id = "burst-\(index)"
        let seconds = Int64(Date().timeIntervalSince1970)
        let (status, data) = try await HTTP.request(
            "POST", url + "/v1/inventory",
            headers: [
                "webhook-id": id, "webhook-timestamp": String(seconds), "content-type": "application/json",
                "webhook-signature": StandardWebhookVerifier.sign(
                    secret: Self.secret, id: id, timestamp: seconds, body: body),
            ], body: body)
        return (status, String(decoding: data, as: UTF8.self))
    }

    /// `serve` with no mail configuration: a restock's email is written as a file within
    /// seconds, and the outbox says so with the Message-ID and the transport's reply.
    @Test func aRestockIsMailedAsAFileByTheRunningDaemon() async throws {
        let directory = temporaryDirectory()
        let daemon = try DaemonProcess(dataDirectory: directory, environment: Self.environment)
        try await daemon.waitUntilReady()
        let admin = ["authorization": "Bearer \(Self.token)", "content-type": "application/json"]
        let (subscribed, _) = try await HTTP.request(
            "POST", daemon.baseURL + "/v1/watches", headers: admin,
            body: Data(#"{"email":"ada@example.com","variant_id":"v0","product_title":"Merino socks"}"#.utf8))
        #expect(subscribed == 202)
        #expect(try await delivery(0, to: daemon.baseURL).status == 200)

        var sent: [String: Any]?
        let deadline = Date().addingTimeInterval(20)
        while sent == nil, Date() < deadline {
            let (_, data) = try await HTTP.request("GET", daemon.baseURL + "/v1/outbox", headers: admin)
            let rows = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
            sent = rows.first { $0["state"] as? String == "sent" }
            if sent == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        let row = try #require(sent, "the outbox row was never sent:\n\(daemon.log)")
        let messageID = try #require(row["message_id"] as? String)
        #expect(messageID == "restock.\(row["id"] as? Int ?? -1)@localhost")
        #expect((row["reply"] as? String)?.hasPrefix("250 written to") == true)
        let file = directory + "/mail/\(messageID).eml"
        let message = try String(contentsOfFile: file, encoding: .utf8)
        #expect(message.contains("To: ada@example.com"))
        #expect(message.contains("Subject: Merino socks is back in stock"))
    }

    /// The stores a daemon process can run on: files and servers, not memory.
    static let processStores = StoreKind.enabled.filter { $0 != .sqliteMemory }

    @Test(arguments: processStores)
    func sigkillDuringABurstLosesNoAcknowledgedEventAndQueuesNothingTwice(kind: StoreKind) async throws {
        try await withTestStore(kind, migrated: false) { try await sigkillDuringABurst($0) }
    }

    /// SIGTERM while deliveries are arriving: every request is answered (none hangs), the
    /// daemon exits 0 once its services have ended, and every delivery it acknowledged is in the
    /// store. A commit task left running past the service group would be killed mid-commit at
    /// exit, or keep the process from exiting.
    @Test(arguments: processStores)
    func sigtermDuringABurstAnswersEveryDeliveryAndExitsCleanly(kind: StoreKind) async throws {
        try await withTestStore(kind, migrated: false) { made in
            let url = try #require(made.url)
            let inspect = try #require(made.reopen)
            let variants = 200
            let environment = Self.environment.merging(["RESTOCK_STORE_URL": url]) { $1 }
            let daemon = try DaemonProcess(dataDirectory: temporaryDirectory(), environment: environment)
            try await daemon.waitUntilReady()
            let acknowledged = Acknowledged()
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<variants {
                    if index >= 8 { await group.next() }
                    group.addTask {
                        guard let (status, _) = try? await self.delivery(index, to: daemon.baseURL), status == 200
                        else { return }
                        let count = acknowledged.set.withLock {
                            $0.insert(index)
                            return $0.count
                        }
                        if count == 30 { daemon.signal(SIGTERM) }
                    }
                }
            }
            #expect(try await daemon.waitForExit() == 0, "\(daemon.log)")
            let acked = acknowledged.set.withLock { $0 }
            #expect(acked.count >= 30)
            let store = try await inspect()
            let durable = try await store.transaction { tx in
                try (0..<variants).filter { try tx.stockLevels(variant: "v\($0)").first?.available == 5 }
            }
            try await store.close()
            #expect(acked.isSubset(of: Set(durable)))
        }
    }

    func sigkillDuringABurst(_ made: TestStore) async throws {
        let url = try #require(made.url)
        let inspect = try #require(made.reopen)
        let directory = temporaryDirectory()
        let variants = 200
        let environment = Self.environment.merging(["RESTOCK_STORE_URL": url]) { $1 }
        var daemon = try DaemonProcess(dataDirectory: directory, environment: environment)
        try await daemon.waitUntilReady()
        for index in 0..<variants {
            for customer in ["a", "b"] {
                let (status, _) = try await HTTP.request(
                    "POST", daemon.baseURL + "/v1/watches",
                    headers: ["authorization": "Bearer \(Self.token)", "content-type": "application/json"],
                    body: Data(#"{"email":"\#(customer)\#(index)@example.com","variant_id":"v\#(index)"}"#.utf8))
                #expect(status == 202)
            }
        }

        // Fire every delivery, 8 at a time, and SIGKILL the daemon once 60 are acknowledged.
        let acknowledged = Acknowledged()
        let running = daemon
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<variants {
                if index >= 8 { await group.next() }
                group.addTask {
                    guard let (status, _) = try? await self.delivery(index, to: running.baseURL), status == 200 else {
                        return
                    }
                    let count = acknowledged.set.withLock {
                        $0.insert(index)
                        return $0.count
                    }
                    if count == 60 { running.signal(SIGKILL) }
                }
            }
        }
        _ = try await daemon.waitForExit()
        let acked = acknowledged.set.withLock { $0 }
        #expect(acked.count >= 60 && acked.count < variants, "the kill must land mid-burst")

        // Everything acknowledged is durable before any restart.
        var store = try await inspect()
        let durable = try await store.transaction { tx in
            try (0..<variants).filter { try tx.stockLevels(variant: "v\($0)").first?.available == 5 }
        }
        #expect(acked.isSubset(of: Set(durable)))
        try await store.close()

        // The engine retries what it did not see acknowledged; we resend everything.
        daemon = try DaemonProcess(dataDirectory: directory, environment: environment)
        try await daemon.waitUntilReady()
        var duplicates = Set<Int>()
        for index in 0..<variants {
            let (status, body) = try await delivery(index, to: daemon.baseURL)
            #expect(status == 200)
            if body.contains(#""duplicate":true"#) { duplicates.insert(index) }
        }
        #expect(acked.isSubset(of: duplicates), "an acknowledged delivery was applied again")
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)

        store = try await inspect()
        let entries = try await store.transaction { tx in try tx.outboxEntries(state: nil, limit: 10_000) }
        try await store.close()
        let byVariant = Dictionary(grouping: entries.flatMap(\.items), by: \.variantID)
        #expect(byVariant.count == variants)
        #expect(byVariant.values.allSatisfy { $0.count == 2 }, "every watcher queued exactly once")
        #expect(Set(entries.map(\.dedupeKey)).count == entries.count)
    }
}

/// Deliveries the daemon answered 200, shared by the burst's tasks.
final class Acknowledged: Sendable {
    let set = Mutex<Set<Int>>([])
}
