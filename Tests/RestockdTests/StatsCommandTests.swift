import Foundation
import HummingbirdTesting
import RestockCore
import RestockTestSupport
import Testing

@testable import restockd

/// `restockd stats`, the real binary, on a database a daemon filled: the same numbers as the
/// endpoint, as a table and as CSV.
@Suite struct StatsCommandTests {
    @Test func theTablePrintsTheEndpointsNumbers() async throws {
        let directory = try SendTestCommandTests.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("restock.sqlite").path
        let shop = try await TrackedShop(["restock.store.url": "sqlite:\(database)"])
        try await shop.test { client in
            for email in ["ada@example.com", "bob@example.com", "cem@example.com"] {
                try await shop.subscribe(client, email, variant: "v1", url: "https://wool.example/p/socks")
            }
            let mails = try await shop.restockAndSend(["v1"])
            shop.clock.advance(seconds: 3_600)
            _ = try await TrackedShop.get(client, try TrackedShop.trackedPaths(try #require(mails.first)).click)
        }
        let day = StatsGrouping.groupName(.day, [String(StatsIncrement.day(shop.clock.now))])
        let common = [
            "stats", "--store", "sqlite:\(database)", "--data-dir", directory.path, "--from", day, "--to", day,
        ]

        let table = try await SendTestCommandTests.run(common + ["--group-by", "template"])
        #expect(table.status == 0, "\(table.errors)")
        let lines = table.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.first?.first == day)
        let header = try #require(lines.dropFirst().first)
        let total = try #require(lines.last)
        #expect(total.first == "total")
        for (column, value) in [("watches", "3"), ("delivered", "3"), ("clicked", "1"), ("machine", "0")] {
            #expect(total[try #require(header.firstIndex(of: column))] == value, "\(column)")
        }
        #expect(lines.contains { $0.first == "back_in_stock/default" })

        let csv = try await SendTestCommandTests.run(common + ["--csv"])
        #expect(csv.output.hasPrefix("day,watches_created,sent,delivered"))

        let bad = try await SendTestCommandTests.run(common + ["--group-by", "week"])
        #expect(bad.status != 0 && bad.errors.contains("--group-by"), "\(bad.errors)")
    }
}
