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

    /// A variant id is whatever a storefront visitor sent, and the CSV is opened in a
    /// spreadsheet: a cell that would be a formula starts with `'` instead (OWASP), while
    /// numbers stay numbers.
    @Test func aVariantIdThatIsAFormulaReachesTheCSVAsText() async throws {
        let origin = "https://shop.example"
        let daemon = try await TestDaemon(["restock.watches.allowedOrigins": origin])
        try await daemon.test { client in
            for variant in [#"=HYPERLINK(\"https://evil.example\",\"Refund\")"#, "@SUM(1+1)", "+1+2", "-5"] {
                let body = #"{"email":"ada@example.com","variant_id":"\#(variant)"}"#
                let response = try await client.post(
                    "/v1/watches", body, headers: [.origin: origin, .contentType: "application/json"])
                #expect(response.status == .accepted, "\(variant)")
            }
            let response = try await client.execute(
                uri: "/v1/stats?group_by=variant&format=csv", method: .get, headers: admin)
            #expect(response.status == .ok)
            let rows = String(buffer: response.body).components(separatedBy: "\r\n").map {
                $0.split(separator: ",", maxSplits: 1).first.map(String.init) ?? ""
            }
            #expect(rows.contains(#""'=HYPERLINK(""https://evil.example"""#), "\(rows)")
            #expect(rows.contains(#""'@SUM(1+1)""#) && rows.contains(#""'+1+2""#), "\(rows)")
            #expect(rows.contains("-5"), "a number is not a formula: \(rows)")
            #expect(!rows.contains { $0.hasPrefix("=") || $0.hasPrefix("@") || $0.hasPrefix("+") }, "\(rows)")
        }
    }

    /// The rollups hold what shops sent, some of it written by earlier releases that checked
    /// less: revenue past 64 bits when summed, a blank currency, markup for a currency. The
    /// figures, their CSV and the report page still answer, held at the largest number and
    /// escaped, instead of stopping the daemon on every request.
    @Test func storedFiguresOfAnySizeOrTextNeverStopTheReports() async throws {
        let daemon = try await TestDaemon()
        let today = StatsIncrement.day(daemon.clock.now)
        func revenue(
            _ day: Int, _ variant: String, _ metric: String, _ delta: Int64, language: String = "en"
        ) -> StatsIncrement {
            StatsIncrement(
                day: day, kind: "back_in_stock", language: language, variantID: variant, metric: metric, delta: delta)
        }
        // Each group's rows alone fit in 64 bits; their totals do not.
        let stored = [
            revenue(today, "a", "revenue:click:EUR", .max - 1),
            revenue(today - 1, "b", "revenue:click:EUR", .max - 1, language: "pl"),
            revenue(today, "a", "revenue:direct:EUR", .max - 1), revenue(today, "a", "revenue:view:EUR", .min),
            revenue(today, "a", "revenue:click:   ", 5), revenue(today, "a", "revenue:click:<i>", 7),
        ]
        try await daemon.store.transaction { tx in try tx.addStats(stored) }
        try await daemon.test { client in
            for query in ["", "?group_by=variant", "?format=csv", "?group_by=variant&format=csv", "?group_by=template"]
            {
                let response = try await client.execute(uri: "/v1/stats\(query)", method: .get, headers: admin)
                #expect(response.status == .ok, "\(query)")
            }
            let json = try await client.execute(uri: "/v1/stats", method: .get, headers: admin)
            let report = try JSONSerialization.jsonObject(with: Data(String(buffer: json.body).utf8)) as? [String: Any]
            let total = (report?["total"] as? [String: Any])?["revenue_minor"] as? [String: [String: Int64]]
            #expect(total?["click"]?["EUR"] == .max, "held at the largest number: \(String(describing: total))")
            #expect(total?["click"]?["   "] == 5)
            let page = try await client.execute(uri: "/report", method: .get, headers: admin)
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("&lt;i&gt;") && !html.contains("<i>"))
        }
    }
}
