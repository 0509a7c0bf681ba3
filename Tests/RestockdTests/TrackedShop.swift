import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockCore
import RestockEngine
import RestockTestSupport
import Synchronization
import Testing

@testable import restockd

/// A test daemon with tracking on, and the steps of a shop's day the tracking and attribution
/// tests share: subscribe with a product URL, restock and send, read what was mailed, follow it.
final class TrackedShop: Sendable {
    static let linkSecret = "tracking-test-secret-0123456789"
    static let key = SymmetricKey(data: Data(linkSecret.utf8))
    static let browser =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"

    let daemon: TestDaemon
    /// Mail files already returned by ``restockAndSend(_:level:)``.
    private let seen = Mutex<Set<String>>([])

    init(_ settings: [String: String] = [:], clock: TestClock = TestClock()) async throws {
        daemon = try await TestDaemon(
            ["restock.links.secret": Self.linkSecret, "restock.http.publicURL": "https://restock.wool.example"]
                .merging(settings) { $1 }, clock: clock)
    }

    /// Posts a generic order, signed, and returns the answer's JSON.
    func order(_ client: some TestClientProtocol, _ json: String) async throws -> [String: Any] {
        let response = try await client.post("/v1/orders", json, headers: daemon.signed(json))
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any] ?? [:]
    }

    /// The watch of `email` on `variant`, whatever its state.
    func watch(_ email: String, _ variant: String) async throws -> Watch? {
        try await store.transaction { tx in
            guard let customer = try tx.customer(email: email) else { return nil }
            return try tx.liveWatch(customerID: customer.id, variantID: variant)
                ?? tx.outboxEntries(state: nil, limit: 10_000).filter { $0.customerID == customer.id }
                .flatMap(\.items).filter { $0.variantID == variant }.compactMap { try tx.watch(id: $0.watchID) }.last
        }
    }

    var clock: TestClock { daemon.clock }

    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await daemon.test(body)
    }
    var store: any RestockStore { daemon.store }

    func subscribe(_ client: some TestClientProtocol, _ email: String, variant: String, url: String) async throws {
        let response = try await client.post(
            "/v1/watches",
            #"{"email":"\#(email)","variant_id":"\#(variant)","url":"\#(url)","product_title":"Socks","consent":"Email me"}"#,
            headers: [.authorization: "Bearer \(TestDaemon.token)", .contentType: "application/json"])
        #expect(response.status == .accepted, "subscribe \(email)")
    }

    /// Sets `variants` to `level` in one delivery, sends one dispatcher round, and returns the
    /// emails it wrote, parsed, by file name.
    @discardableResult
    func restockAndSend(_ variants: [String], level: Int = 5) async throws -> [PythonMailCheck.ParsedMail] {
        clock.advance(seconds: 1)
        _ = try await daemon.daemon.engine.ingest(
            stock: variants.map { StockEvent(variantID: $0, change: .absolute(level), occurredAt: clock.now) },
            receipt: nil)
        return try await send()
    }

    /// One dispatcher round; the emails it wrote, parsed.
    func send() async throws -> [PythonMailCheck.ParsedMail] {
        let round = try await daemon.daemon.dispatcher.dispatchOnce()
        #expect(round.sent == round.claimed)
        guard case .files(let directory) = daemon.daemon.configuration.mail.transport else {
            Issue.record("the test daemon should write mail to files")
            return []
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".eml") }
        let new = seen.withLock { seen in
            let new = names.filter { !seen.contains($0) }.sorted()
            seen.formUnion(new)
            return new
        }
        var parsed: [PythonMailCheck.ParsedMail] = []
        for name in new {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
            parsed.append(try await PythonMailCheck.parse(Array(data)))
        }
        return parsed
    }

    /// The paths after the public URL of every `/t/<route>/…` link in `text`.
    static func paths(_ route: String, in text: String) -> [String] {
        let pattern = try! Regex("https://restock\\.wool\\.example(/t/\(route)/[A-Za-z0-9_-]{39})")
        return text.matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) }
    }

    /// The open pixel and product link paths of a parsed email.
    static func trackedPaths(_ mail: PythonMailCheck.ParsedMail) throws -> (pixel: String, click: String) {
        let html = try #require(mail.body("text/html"))
        return (try #require(paths("o", in: html).first), try #require(paths("c", in: html).first))
    }

    /// Every event of every email, oldest email first.
    func events(_ kind: TrackingKind? = nil) async throws -> [TrackingEvent] {
        try await store.transaction { tx in
            try tx.outboxEntries(state: nil, limit: 10_000).flatMap { try tx.events(outboxID: $0.id, kind: kind) }
        }
    }

    static func get(
        _ client: some TestClientProtocol, _ path: String, agent: String = browser, method: HTTPRequest.Method = .get
    ) async throws -> TestResponse {
        try await client.execute(uri: path, method: method, headers: [.userAgent: agent])
    }
}
