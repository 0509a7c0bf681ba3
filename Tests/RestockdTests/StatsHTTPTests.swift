import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockCore
import Testing

@testable import restockd

/// `/v1/stats` as a shop's reporting tool calls it: the token is required, and a bad parameter
/// is a 400 that names it.
@Suite struct StatsHTTPTests {
    let admin: HTTPFields = [.authorization: "Bearer \(TestDaemon.token)"]

    @Test func withoutTheAdminTokenNothingIsShown() async throws {
        let daemon = try await TestDaemon()
        try await daemon.test { client in
            let response = try await client.execute(uri: "/v1/stats", method: .get)
            #expect(response.status == .unauthorized)
        }
    }

    @Test(arguments: [
        ("from=yesterday", "from"), ("to=2026-13-01", "to"), ("group_by=week", "group_by"), ("format=xml", "format"),
        ("from=2026-11-30&to=2026-11-01", "from"), ("from=2000-01-01&to=2026-11-30", "from"),
    ])
    func aBadParameterIsRefusedByName(query: String, parameter: String) async throws {
        let daemon = try await TestDaemon()
        try await daemon.test { client in
            let response = try await client.execute(uri: "/v1/stats?\(query)", method: .get, headers: admin)
            #expect(response.status == .badRequest, "\(query)")
            #expect(
                String(buffer: response.body).contains("\(parameter):"), "\(query): \(String(buffer: response.body))")
        }
    }

    @Test func aFreshShopReportsThirtyEmptyDaysUpToToday() async throws {
        let daemon = try await TestDaemon()
        try await daemon.test { client in
            let response = try await client.execute(uri: "/v1/stats", method: .get, headers: admin)
            #expect(response.status == .ok)
            let report =
                try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
            let today = StatsGrouping.groupName(.day, [String(StatsIncrement.day(daemon.clock.now))])
            #expect(report?["to"] as? String == today)
            #expect((report?["total"] as? [String: Any])?["sent"] as? Int == 0)
            #expect((report?["groups"] as? [Any])?.isEmpty == true)
        }
    }
}
