import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import RestockCore
import RestockEngine
import RestockTestSupport
import Testing

@testable import restockd

/// `POST /webhooks/bigcommerce` through the real router, and the lookups that read the real
/// quantities back from a local stand-in for the store API (the real one is out of reach here).
@Suite struct BigCommerceWebhookHTTPTests {
    static let variant = "271878346596884015"

    /// The store API for `stores/abc123`: a variant with 7 in stock, a product tracked at
    /// product level (base variant 271878346596884099, 2 in stock) that answers 503 on the first
    /// read, and order 271878346596884015 with its lines. Anything without the token gets 401.
    static let api = #"""
        import http.server, json
        TOKEN = "bc-test-token"
        seen = {}
        ROUTES = {
            "/stores/abc123/v3/catalog/products/167/variants/271878346596884015":
                {"data": {"id": 271878346596884015, "product_id": 167, "sku": "MUG-BLUE", "inventory_level": 7}, "meta": {}},
            "/stores/abc123/v3/catalog/products/169":
                {"data": {"id": 169, "name": "Tea pot", "base_variant_id": 271878346596884099,
                          "inventory_tracking": "product", "inventory_level": 2}, "meta": {}},
            "/stores/abc123/v2/orders/271878346596884015":
                {"id": 271878346596884015, "status_id": 11, "status": "Awaiting Fulfillment", "currency_code": "USD",
                 "total_inc_tax": "24.0000", "billing_address": {"email": "Ala@Example.com"},
                 "date_created": "Tue, 01 Dec 2026 10:00:00 +0000", "date_modified": "Tue, 01 Dec 2026 10:05:00 +0000"},
            "/stores/abc123/v2/orders/271878346596884015/products":
                [{"id": 1, "order_id": 271878346596884015, "product_id": 167, "variant_id": 271878346596884015,
                  "quantity": 2, "price_inc_tax": "12.0000"}],
        }
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args): pass
            def answer(self, status, value):
                body = json.dumps(value).encode()
                self.send_response(status); self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
            def do_GET(self):
                if self.headers.get("X-Auth-Token") != TOKEN: return self.answer(401, {"title": "no token"})
                seen[self.path] = seen.get(self.path, 0) + 1
                if self.path.endswith("/products/169") and seen[self.path] == 1: return self.answer(503, {})
                if self.path.endswith("/variants/271878346596884077"):
                    # A readable answer padded past what Restock holds for one answer.
                    body = json.dumps({"data": {"id": 271878346596884077, "inventory_level": 9}}).encode()
                    body += b" " * (9 << 20)
                    self.send_response(200); self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body))); self.end_headers()
                    return self.wfile.write(body)
                if self.path not in ROUTES: return self.answer(404, {"title": "not found"})
                self.answer(200, ROUTES[self.path])
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    struct Shop {
        let daemon: TestDaemon
        let server: PythonServer
        let lookups: BigCommerceLookups

        init() async throws {
            server = try PythonServer(script: BigCommerceWebhookHTTPTests.api)
            var settings = PlatformFixtures.settings
            settings["restock.bigcommerce.storeHash"] = "abc123"
            settings["restock.bigcommerce.accessToken"] = "bc-test-token"
            settings["restock.bigcommerce.apiURL"] = "http://127.0.0.1:\(server.port)"
            daemon = try await TestDaemon(settings)
            lookups = BigCommerceLookups(
                engine: daemon.daemon.engine, configuration: daemon.daemon.configuration.integrations.bigCommerce!,
                logger: Logger(label: "test"))
        }

        func delivery(_ scope: String, data: String, id: String = UUID().uuidString) -> (String, HTTPFields) {
            let body = """
                {"scope":"\(scope)","store_id":"1025646","data":\(data),"hash":"3f9ea420af83450d7ef9f78b08c8af25b2213637",\
                "created_at":\(daemon.clock.now.microseconds / 1_000_000),"producer":"stores/abc123"}
                """
            return (
                body, PlatformFixtures.bigCommerce(body, id: id, seconds: daemon.clock.now.microseconds / 1_000_000)
            )
        }

        func pending() async throws -> Int { try await daemon.store.transaction { try $0.pendingLookups() } }
    }

    static let skuData =
        #"{"type":"sku","id":461,"inventory":{"product_id":167,"method":"absolute","value":5,"variant_id":271878346596884015}}"#

    @Test func aThinInventoryWebhookIsAcknowledgedThenTheLevelIsReadBackAndRestocks() async throws {
        let shop = try await Shop()
        try await shop.daemon.test { client async throws in
            for email in ["ala@example.com", "bob@example.com"] {
                #expect(try await client.subscribe(email, variant: Self.variant).status == .accepted)
            }
            let (body, headers) = shop.delivery("store/sku/inventory/updated", data: Self.skuData, id: "bc-1")
            let answer = try await client.post("/webhooks/bigcommerce", body, headers: headers)
            #expect(answer.status == .ok)
            #expect(String(buffer: answer.body).contains(#""lookups":1"#))
            #expect(String(buffer: answer.body).contains(#""queued":0"#))
            // BigCommerce retries a delivery with the same id: it is not queued twice.
            let replay = try await client.post("/webhooks/bigcommerce", body, headers: headers)
            #expect(String(buffer: replay.body).contains(#""duplicate":true"#))
        }
        #expect(try await shop.pending() == 1)
        shop.daemon.clock.advance(seconds: 1)
        #expect(try await shop.lookups.runDue() == 1)
        #expect(try await shop.pending() == 0)
        let (levels, entries) = try await shop.daemon.store.transaction { tx in
            (try tx.stockLevels(variant: Self.variant), try tx.outboxEntries(state: nil, limit: 10))
        }
        #expect(levels.map(\.available) == [7])
        #expect(entries.count == 2)
        #expect(entries.allSatisfy { $0.items.map(\.variantID) == [Self.variant] })
    }

    /// The store API's answer is held whole to be decoded, so one that goes on past
    /// ``BigCommerceLookups/maxAnswerBytes`` (a broken proxy, a gzip bomb) is cut off and the
    /// lookup dropped with a warning, instead of growing memory for as long as it streams.
    @Test func anApiAnswerLargerThanTheCapIsCutOffAndTheLookupDropped() async throws {
        let shop = try await Shop()
        let variant = "271878346596884077"
        try await shop.daemon.test { client async throws in
            #expect(try await client.subscribe("ala@example.com", variant: variant).status == .accepted)
            let (body, headers) = shop.delivery(
                "store/sku/inventory/updated",
                data: #"{"type":"sku","id":462,"inventory":{"product_id":167,"variant_id":\#(variant)}}"#)
            #expect(try await client.post("/webhooks/bigcommerce", body, headers: headers).status == .ok)
        }
        shop.daemon.clock.advance(seconds: 1)
        #expect(try await shop.lookups.runDue() == 1)
        #expect(try await shop.pending() == 0)
        let levels = try await shop.daemon.store.transaction { try $0.stockLevels(variant: variant) }
        #expect(levels.isEmpty, "nothing read from an answer that was cut off")
    }

    @Test func anApiFailureIsRetriedLaterAndAProductLevelLandsOnItsBaseVariant() async throws {
        let shop = try await Shop()
        try await shop.daemon.test { client async throws in
            _ = try await client.subscribe("ala@example.com", variant: "271878346596884099")
            let (body, headers) = shop.delivery(
                "store/product/inventory/updated",
                data: #"{"type":"product","id":169,"inventory":{"product_id":169,"method":"absolute","value":2}}"#)
            #expect(try await client.post("/webhooks/bigcommerce", body, headers: headers).status == .ok)
        }
        shop.daemon.clock.advance(seconds: 1)
        #expect(try await shop.lookups.runDue() == 1)
        // 503: still queued, not due again at once, and `systemctl status` says so.
        #expect(try await shop.pending() == 1)
        let counts = try await shop.daemon.store.transaction { try $0.counts() }
        #expect(
            StatusService.line(counts, lookups: try await shop.pending())
                .hasSuffix(", 1 BigCommerce webhook waiting to be read back"))
        #expect(try await shop.lookups.runDue() == 0)
        shop.daemon.clock.advance(seconds: 10)
        #expect(try await shop.lookups.runDue() == 1)
        #expect(try await shop.pending() == 0)
        let levels = try await shop.daemon.store.transaction { try $0.stockLevels(variant: "271878346596884099") }
        #expect(levels.map(\.available) == [2])
        #expect(try await shop.daemon.store.transaction { try $0.outboxEntries(state: nil, limit: 10) }.count == 1)
    }

    @Test func anOrderIsReadBackWithItsIdsExact() async throws {
        let shop = try await Shop()
        try await shop.daemon.test { client async throws in
            let (body, headers) = shop.delivery(
                "store/order/created", data: #"{"type":"order","id":271878346596884015}"#)
            #expect(try await client.post("/webhooks/bigcommerce", body, headers: headers).status == .ok)
        }
        #expect(try await shop.lookups.runDue() == 1)
        let order = try await shop.daemon.store.transaction {
            try $0.order(source: "bigcommerce", orderID: "271878346596884015")
        }
        #expect(order?.lines.map(\.variantID) == [Self.variant])
        #expect(order?.lines.map(\.quantity) == [2])
        #expect(order?.totalMinor == 2400 && order?.currency == "USD")
        #expect(order?.email == "ala@example.com")
    }

    @Test func badSignaturesStaleTimestampsAndUnusedScopes() async throws {
        let shop = try await Shop()
        try await shop.daemon.test { client async throws in
            let (body, good) = shop.delivery("store/sku/inventory/updated", data: Self.skuData, id: "bc-2")
            let seconds = shop.daemon.clock.now.microseconds / 1_000_000
            let forged = PlatformFixtures.bigCommerce(
                body, id: "bc-2", seconds: seconds, secret: "whsec_c29tZW9uZSBlbHNl")
            #expect(try await client.post("/webhooks/bigcommerce", body, headers: forged).status == .unauthorized)
            let late = PlatformFixtures.bigCommerce(body, id: "bc-2", seconds: seconds - 301)
            #expect(try await client.post("/webhooks/bigcommerce", body, headers: late).status == .unauthorized)
            var renamed = good
            renamed[HTTPField.Name("webhook-id")!] = "bc-3"
            #expect(try await client.post("/webhooks/bigcommerce", body, headers: renamed).status == .unauthorized)
            let (cart, cartHeaders) = shop.delivery(
                "store/cart/created", data: #"{"type":"cart","id":"09346904-4175-44fd-be53-f7e598531b6c"}"#)
            #expect(try await client.post("/webhooks/bigcommerce", cart, headers: cartHeaders).status == .accepted)
        }
        #expect(try await shop.pending() == 0)
    }

    /// Standard Webhooks sign `webhook-id` and `webhook-timestamp` with the body: a replay is a
    /// duplicate while the timestamp is within tolerance, and refused once it is not. The scope
    /// is inside the signed body, so there is no unsigned topic to relabel.
    @Test func aReplayIsADuplicateWithinTheToleranceAndRefusedAfterIt() async throws {
        let shop = try await Shop()
        try await shop.daemon.test { client async throws in
            let (body, headers) = shop.delivery("store/sku/inventory/updated", data: Self.skuData, id: "bc-7")
            #expect(try await client.post("/webhooks/bigcommerce", body, headers: headers).status == .ok)
            shop.daemon.clock.advance(seconds: 299)
            let within = try await client.post("/webhooks/bigcommerce", body, headers: headers)
            #expect(String(buffer: within.body).contains(#""duplicate":true"#))
            shop.daemon.clock.advance(seconds: 2)
            #expect(try await client.post("/webhooks/bigcommerce", body, headers: headers).status == .unauthorized)
        }
        #expect(try await shop.pending() == 1)
    }
}
