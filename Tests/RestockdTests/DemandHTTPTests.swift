import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockCore
import RestockEngine
import Testing

@testable import restockd

/// `/v1/demand`: who waits for what, for how long, and whom a restock sold out before reaching.
@Suite struct DemandHTTPTests {
    let admin: HTTPFields = [.authorization: "Bearer \(TestDaemon.token)"]

    func ranking(_ client: some TestClientProtocol, _ query: String) async throws -> [[String: Any]] {
        let response = try await client.execute(uri: "/v1/demand?\(query)", method: .get, headers: admin)
        #expect(response.status == .ok)
        let answer = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
        return answer?["variants"] as? [[String: Any]] ?? []
    }

    @Test func variantsRankByWaitingLongestWaitAndLostDemand() async throws {
        let daemon = try await TestDaemon(["restock.planner.perUnit": "1"])
        try await daemon.test { client in
            #expect(try await client.subscribe("zoe@example.com", variant: "v3").status == .accepted)
            daemon.clock.advance(seconds: 5 * 86_400)
            for email in ["ada@example.com", "bob@example.com", "cem@example.com"] {
                #expect(try await client.subscribe(email, variant: "v1").status == .accepted)
            }
            daemon.clock.advance(seconds: 86_400)
            for email in ["dan@example.com", "eve@example.com"] {
                #expect(try await client.subscribe(email, variant: "v2").status == .accepted)
            }
            // One unit of v1 comes back and goes: one watcher is told, two never are.
            for level in [1, 0] {
                daemon.clock.advance(seconds: 60)
                _ = try await daemon.daemon.engine.ingest(
                    stock: [StockEvent(variantID: "v1", change: .absolute(level), occurredAt: daemon.clock.now)],
                    receipt: nil)
                // The one told is told before it is gone: else the news is withdrawn.
                try await daemon.daemon.dispatcher.dispatchOnce()
            }

            let byWaiting = try await ranking(client, "")
            #expect(byWaiting.map { $0["variant_id"] as? String } == ["v1", "v2", "v3"])
            #expect(byWaiting.map { $0["waiting"] as? Int } == [2, 2, 1])
            #expect(byWaiting.map { $0["lost"] as? Int } == [2, 0, 0])
            let byWait = try await ranking(client, "sort=longest_wait")
            #expect(byWait.map { $0["variant_id"] as? String } == ["v3", "v1", "v2"])
            #expect((byWait.first?["longest_wait_days"] as? Double) == 6.0)
            let byLost = try await ranking(client, "sort=lost&limit=1")
            #expect(byLost.map { $0["variant_id"] as? String } == ["v1"])

            // The feed stops listing v3: its waiting shopper is still shown, with since when.
            try await daemon.store.transaction { tx in try tx.markVariantsRemoved(["v3"], at: daemon.clock.now) }
            let withRemoved = try await ranking(client, "")
            #expect(withRemoved.map { $0["removed_at"] as? String } == [nil, nil, daemon.clock.now.description])

            let bad = try await client.execute(uri: "/v1/demand?sort=oldest", method: .get, headers: admin)
            #expect(bad.status == .badRequest && String(buffer: bad.body).contains("sort:"))
            let anonymous = try await client.execute(uri: "/v1/demand", method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }
}
