import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockCore
import RestockTestSupport
import Testing

@testable import restockd

/// The storefront may only create watches (issue 16): the anonymous, allowed-origin
/// `POST /v1/watches` never changes the catalog an email shows, nor an existing customer's name
/// or locale; the shop backend, with the admin token, still may.
@Suite struct StorefrontTrustHTTPTests {
    static let origin = "https://wool.example"
    static let stores = [StoreKind.sqliteFile, .postgres].filter(StoreKind.enabled.contains)

    static func backend(_ client: some TestClientProtocol, _ body: String) async throws {
        let response = try await client.post(
            "/v1/watches", body,
            headers: [.authorization: "Bearer \(TestDaemon.token)", .contentType: "application/json"])
        #expect(response.status == .accepted, "\(String(buffer: response.body))")
    }

    static func storefront(_ client: some TestClientProtocol, _ body: String) async throws {
        let response = try await client.post(
            "/v1/watches", body, headers: [.origin: origin, .contentType: "application/json"])
        #expect(response.status == .accepted, "\(String(buffer: response.body))")
    }

    @Test(arguments: stores)
    func theStorefrontCannotRewriteTheCatalogOrRenameACustomer(kind: StoreKind) async throws {
        let made = try await StoreFactory.make(kind)
        defer { Task { try? await made.dispose() } }
        let shop = try await TrackedShop([
            "restock.store.url": try #require(made.url), "restock.watches.allowedOrigins": Self.origin,
        ])
        try await shop.test { client in
            try await Self.backend(
                client,
                #"{"email":"ada@example.com","variant_id":"v1","name":"Ada","locale":"en","product_title":"Wool socks","url":"https://wool.example/p/socks"}"#
            )
            // Anyone can call this from a page of the shop, with anyone's address.
            try await Self.storefront(
                client,
                #"{"email":"ada@example.com","variant_id":"v1","name":"Mallory","locale":"pl","product_title":"Your account is locked","url":"https://evil.example/login"}"#
            )
            try await Self.storefront(
                client,
                #"{"email":"ada@example.com","variant_id":"v2","name":"Mallory","locale":"pl","product_title":"Gift card","url":"https://evil.example/gift"}"#
            )

            let mails = try await shop.restockAndSend(["v1", "v2"])
            let ada = try #require(mails.first)
            #expect(mails.count == 1, "Ada's two items in one email")
            #expect(ada.to?.name == "Ada")
            #expect(
                ada.subject?.contains("Wool socks") == true || ada.body("text/plain")?.contains("Wool socks") == true)
            let text = try #require(ada.body("text/plain"))
            #expect(text.hasPrefix("Hello Ada,"), "in English, to Ada")
            #expect(!text.contains("locked") && !text.contains("Gift card"))
            #expect(!(ada.body("text/html") ?? "").contains("evil.example"))
            // The tracked product link leads where the shop said.
            let clicks = TrackedShop.paths("c", in: ada.body("text/html") ?? "")
            #expect(clicks.count == 1, "only the item whose URL the shop gave has a link")
            for click in clicks {
                let redirect = try await TrackedShop.get(client, click)
                #expect(redirect.headers[.location]?.hasPrefix("https://wool.example/p/socks?restock=") == true)
            }
        }
        let (customer, first, second) = try await shop.store.transaction { tx in
            (
                try tx.customer(email: "ada@example.com"), try tx.catalog(variant: "v1"),
                try tx.catalog(variant: "v2")
            )
        }
        #expect(customer?.name == "Ada" && customer?.locale == "en")
        #expect(first?.productTitle == "Wool socks" && first?.url == "https://wool.example/p/socks")
        #expect(second?.hasDetails != true, "no catalog entry from the storefront")
    }

    @Test(arguments: stores)
    func aNewCustomerKeepsTheNameTheStorefrontGaveAndTheBackendCanStillChangeIt(kind: StoreKind) async throws {
        let made = try await StoreFactory.make(kind)
        defer { Task { try? await made.dispose() } }
        let shop = try await TrackedShop([
            "restock.store.url": try #require(made.url), "restock.watches.allowedOrigins": Self.origin,
        ])
        try await shop.test { client in
            try await Self.storefront(
                client, #"{"email":"zoe@example.com","variant_id":"v1","name":"Zoë","locale":"pl"}"#)
            try await Self.storefront(
                client, #"{"email":"zoe@example.com","variant_id":"v2","name":"Mallory","locale":"de"}"#)
        }
        let (customer, watches) = try await shop.store.transaction { tx in
            let customer = try tx.customer(email: "zoe@example.com")
            return (customer, try tx.liveWatches(customerID: customer?.id ?? 0))
        }
        #expect(customer?.name == "Zoë" && customer?.locale == "pl")
        #expect(watches.map(\.locale) == ["pl", "pl"], "a storefront watch takes the customer's locale")

        try await shop.test { client in
            try await Self.backend(
                client,
                #"{"email":"zoe@example.com","variant_id":"v1","name":"Zoë Łukasiewicz","locale":"en","product_title":"Merino socks","url":"https://wool.example/p/merino"}"#
            )
        }
        let (renamed, catalog) = try await shop.store.transaction { tx in
            (try tx.customer(email: "zoe@example.com"), try tx.catalog(variant: "v1"))
        }
        #expect(renamed?.name == "Zoë Łukasiewicz" && renamed?.locale == "en")
        #expect(catalog?.productTitle == "Merino socks" && catalog?.url == "https://wool.example/p/merino")
    }
}
