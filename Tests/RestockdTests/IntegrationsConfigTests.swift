import Foundation
import RestockTestSupport
import Testing

/// `restockd check-config` says which integrations are on, and a bad integration key stops it
/// naming the key.
@Suite struct IntegrationsConfigTests {
    @Test func checkConfigListsWhichIntegrationsAreConfigured() async throws {
        let directory = try SendTestCommandTests.scratch()
        let none = try await SendTestCommandTests.run(["check-config", "--data-dir", directory.path])
        #expect(none.status == 0, "\(none.errors)")
        #expect(none.output.contains("integration shopify              off (set restock.shopify.secret)"))
        #expect(none.output.contains("integration feed                 off (set restock.feed.url)"))

        let some = try await SendTestCommandTests.run([
            "check-config", "--data-dir", directory.path,
            "--set", "restock.shopify.secret=shpss_0123456789", "--set", "restock.shopify.adminSecret=admin-key",
            "--set", "restock.woocommerce.secret=woo-secret", "--set", "restock.woocommerce.backorderAvailable=yes",
            "--set", "restock.bigcommerce.secret=whsec_c2VjcmV0", "--set", "restock.bigcommerce.storeHash=abc123",
            "--set", "restock.bigcommerce.accessToken=token", "--set", "restock.feed.url=https://shop.example/feed.xml",
            "--set", "restock.feed.intervalSeconds=600", "--set", "restock.stock.locations=655441491,655441492",
        ])
        #expect(some.status == 0, "\(some.errors)")
        #expect(some.output.contains("integration shopify              on: /webhooks/shopify, /webhooks/shopify/admin"))
        #expect(
            some.output.contains("integration woocommerce          on: /webhooks/woocommerce, onbackorder is in stock"))
        #expect(some.output.contains("on: /webhooks/bigcommerce, API https://api.bigcommerce.com store abc123"))
        #expect(some.output.contains("on: https://shop.example/feed.xml every 600 s"))
        #expect(some.output.contains("restock.stock.locations          655441491,655441492"))
        #expect(some.output.contains("restock.webhook.maxAgeSeconds    172800"))
        // Secrets are never printed.
        #expect(!some.output.contains("shpss_0123456789") && !some.output.contains("woo-secret"))
    }

    @Test(arguments: [
        ("restock.feed.url=ftp://shop.example/feed", "restock.feed.url"),
        ("restock.bigcommerce.storeHash=abc123", "restock.bigcommerce.accessToken"),
        ("restock.woocommerce.currency=zloty", "restock.woocommerce.currency"),
        ("restock.feed.intervalSeconds=soon", "restock.feed.intervalSeconds"),
        // Shorter than Shopify's 4 hours of retries would drop real deliveries.
        ("restock.webhook.maxAgeSeconds=3600", "restock.webhook.maxAgeSeconds"),
    ])
    func aBadIntegrationKeyStopsCheckConfigNamingIt(setting: String, key: String) async throws {
        let directory = try SendTestCommandTests.scratch()
        var arguments = ["check-config", "--data-dir", directory.path, "--set", setting]
        if key == "restock.feed.intervalSeconds" {
            arguments += ["--set", "restock.feed.url=https://shop.example/f.xml"]
        }
        let run = try await SendTestCommandTests.run(arguments)
        #expect(run.status == 78)
        #expect(run.errors.contains(key), "\(run.errors)")
    }
}
