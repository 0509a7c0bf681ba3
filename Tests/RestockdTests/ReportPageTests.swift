import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockCore
import RestockEngine
import RestockTestSupport
import Testing

@testable import restockd

/// `/report` after a week of restocks, checked in a real browser: Debian's Chromium renders
/// it headless, to the DOM it built and to a screenshot (kept for a person to look at).
@Suite struct ReportPageTests {
    static let chromium = "/usr/bin/chromium"

    /// Seven days: each day one variant comes back to its watchers; Apple's proxy opens some
    /// emails, people open most, two in three click, and some buy, in euros or złoty, with the
    /// link's parameter or without. Six more wait for a variant that never returns.
    func aWeekOfRestocks(_ shop: TrackedShop, _ client: some TestClientProtocol) async throws {
        for index in 0..<62 {
            let variant = index < 56 ? "v\(index % 7)" : "v7"
            try await shop.subscribe(
                client, "s\(index)@example.com", variant: variant, url: "https://wool.example/p/\(variant)")
        }
        var order = 100
        for day in 0..<7 {
            shop.clock.advance(seconds: 86_400)
            for mail in try await shop.restockAndSend(["v\(day)"]) {
                let paths = try TrackedShop.trackedPaths(mail)
                let number = Int(mail.to?.address.dropFirst().prefix { $0.isNumber } ?? "") ?? 0
                _ = try await TrackedShop.get(
                    client, paths.pixel, agent: number % 4 == 0 ? "Mozilla/5.0" : TrackedShop.browser)
                shop.clock.advance(seconds: 60)
                guard number % 5 != 0 else { continue }
                _ = try await TrackedShop.get(client, paths.pixel)
                var landing: String?
                if number % 3 != 0 {
                    landing = try #require(try await TrackedShop.get(client, paths.click).headers[.location])
                }
                guard number % 2 == 0 else { continue }
                order += 1
                let currency = day % 3 == 0 ? "PLN" : "EUR"
                // Every other buyer's order brings the parameter back; the others are matched
                // by their click or their open.
                let carried = number % 4 == 2 ? landing.map { #","attribution":"\#($0)""# } ?? "" : ""
                _ = try await shop.order(
                    client,
                    #"{"order_id":"\#(order)","email":"\#(mail.to?.address ?? "")","currency":"\#(currency)","total_minor":\#(1_000 + day * 700)\#(carried),"lines":[{"variant_id":"v\#(day)","quantity":1,"price_minor":\#(1_000 + day * 700)}]}"#
                )
            }
        }
    }

    @Test func theReportShowsTheFunnelRevenueAndDemandAndRendersInChromium() async throws {
        let shop = try await TrackedShop(["restock.shop.name": "Wool & Co"])
        try await shop.test { client in
            try await aWeekOfRestocks(shop, client)
            // The feed stops listing v7, which six people still wait for.
            try await shop.daemon.store.transaction { tx in try tx.markVariantsRemoved(["v7"], at: shop.clock.now) }
            let denied = try await client.execute(uri: "/report", method: .get)
            #expect(denied.status == .unauthorized)
            #expect(denied.headers[.wwwAuthenticate]?.hasPrefix("Basic realm=") == true)
            let basic = "Basic " + Data("owner:\(TestDaemon.token)".utf8).base64EncodedString()
            let response = try await client.execute(uri: "/report", method: .get, headers: [.authorization: basic])
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            let stats = try await shop.daemon.daemon.engine.stats(
                fromDay: StatsIncrement.day(shop.clock.now) - 29, toDay: StatsIncrement.day(shop.clock.now),
                groupBy: .day)
            #expect(stats.total.delivered == 56, "seven restocks of eight watchers; v7 never returns")
            #expect(html.contains("Wool &amp; Co"))
            for (label, count) in [
                ("Emails delivered", stats.total.delivered), ("Opened", stats.total.humanOpens),
                ("Clicked", stats.total.humanClicks), ("Bought", stats.total.conversions),
            ] {
                #expect(html.contains(#"<td>\#(label)</td><td class="n">\#(count)</td>"#), "\(label) \(count)")
            }
            #expect(html.contains("<svg") && html.contains("EUR per day") && html.contains("PLN per day"))
            #expect(html.components(separatedBy: "(no longer in the feed)").count == 2, "v7 only")
            #expect(!html.contains("<script"))

            // The browser's view of it: it parses, the chart has its bars, and it paints.
            guard FileManager.default.isExecutableFile(atPath: Self.chromium) else {
                Issue.record("\(Self.chromium) is missing: run deploy/install-deps --test")
                return
            }
            let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("restock-report")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let page = directory.appendingPathComponent("report.html")
            try Data(html.utf8).write(to: page)
            let shot = directory.appendingPathComponent("report.png")
            try? FileManager.default.removeItem(at: shot)
            let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=800,1900"]
            let dom = try await Self.run(Self.chromium, flags + ["--dump-dom", page.absoluteString])
            #expect(dom.contains("<svg") && dom.components(separatedBy: "<rect").count > 7, "the chart's bars")
            #expect(dom.contains("Most wanted now") && dom.contains("Top variants by revenue"))
            _ = try await Self.run(Self.chromium, flags + ["--screenshot=\(shot.path)", page.absoluteString])
            let png = try Data(contentsOf: shot)
            #expect(
                png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 20_000, "a painted page, not a blank one")
            print("report screenshot: \(shot.path)")
        }
    }

    static func run(_ executable: String, _ arguments: [String]) async throws -> String {
        try await OffPool.run {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw TestSupportError("\(executable) exited with \(process.terminationStatus)")
            }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
