import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockCore
import RestockTestSupport
import Testing

@testable import restockd

/// Bad input is refused at the door (issue 16): every field that reaches a mail header, a link
/// or a report is checked on the way in, and a bad one is a 400 whose JSON names it, with
/// nothing stored and nothing queued.
@Suite struct DoorValidationHTTPTests {
    static let origin = "https://shop.example"

    /// A `POST /v1/watches` body with `extra` fields.
    static func watch(_ extra: String) -> String {
        #"{"email":"ann@example.com","variant_id":"v1","# + extra + "}"
    }

    static let watchCases: [(body: String, field: String)] = [
        (watch(#""name":"Ann\r\nBcc: victim@example.com""#), "name"),
        (watch(#""name":"Ann\u0000""#), "name"),
        (watch(#""name":"\#(String(repeating: "a", count: 201))""#), "name"),
        (watch(#""locale":"en@currency=XYZ""#), "locale"),
        (watch(#""locale":"en\nGB""#), "locale"),
        (#"{"email":"ann\r\n@example.com","variant_id":"v1"}"#, "email"),
        (#"{"email":"ann@example.com","variant_id":"v1\nv2"}"#, "variant_id"),
        (
            #"{"email":"ann@example.com","variant_id":"v1","location_id":"\#(String(repeating: "9", count: 256))"}"#,
            "location_id"
        ),
        (watch(#""product_title":"Socks\r\nX-Evil: 1""#), "product_title"),
        (watch(#""variant_title":"M\u202Eevil""#), "variant_title"),
        (watch(#""url":"javascript:alert(document.cookie)""#), "url"),
        (watch(#""url":"https://shop.example@evil.example/p""#), "url"),
        (watch(#""image_url":"https://cdn.example/a b.jpg""#), "image_url"),
        (watch(#""price":"9.99","currency":"EURO""#), "currency"),
        (watch(#""consent":"\#(String(repeating: "I agree. ", count: 250))""#), "consent"),
    ]

    @Test(arguments: [true, false])
    func aBadWatchFieldIsNamedAndNothingIsStored(trusted: Bool) async throws {
        let daemon = try await TestDaemon([
            "restock.watches.allowedOrigins": Self.origin, "restock.watches.ratePerIP": "1000",
        ])
        let headers: HTTPFields =
            trusted
            ? [.authorization: "Bearer \(TestDaemon.token)", .contentType: "application/json"]
            : [.origin: Self.origin, .contentType: "application/json"]
        try await daemon.test { client in
            let before = try await daemon.snapshot()
            for (body, field) in Self.watchCases {
                let response = try await client.post("/v1/watches", body, headers: headers)
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let answer =
                    try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                let message = (answer?["error"] as? [String: Any])?["message"] as? String
                #expect(message?.hasPrefix(field + ":") == true, "\(body) → \(message ?? "no message")")
            }
            #expect(try await daemon.snapshot() == before)
        }
        let (customer, catalog) = try await daemon.store.transaction { tx in
            (try tx.customer(email: "ann@example.com"), try tx.catalog(variant: "v1"))
        }
        #expect(customer == nil && catalog == nil, "no customer, no catalog entry")
    }

    @Test func aNameWithALineBreakIsRefusedNamingNameAndNothingIsStored() async throws {
        let daemon = try await TestDaemon()
        try await daemon.test { client in
            let response = try await client.post(
                "/v1/watches", #"{"email":"ann@example.com","variant_id":"v1","name":"Ann\nLee"}"#,
                headers: [.authorization: "Bearer \(TestDaemon.token)", .contentType: "application/json"])
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("name: must not contain line breaks or control characters"))
        }
        let (customer, counts, outbox) = try await daemon.store.transaction { tx in
            (try tx.customer(email: "ann@example.com"), try tx.counts(), try tx.outboxEntries(state: nil, limit: 10))
        }
        #expect(customer == nil && counts.liveWatches == 0 && outbox.isEmpty)
    }

    @Test func goodValuesAreStoredNormalized() async throws {
        let daemon = try await TestDaemon()
        try await daemon.test { client in
            let body =
                #"{"email":"ann@example.com","variant_id":"v1","name":"  Ann Lee ","locale":"pl_PL","product_title":"Żółw","url":"https://sklep.example/żółw","price":"9.99","currency":"pln"}"#
            let response = try await client.post(
                "/v1/watches", body,
                headers: [.authorization: "Bearer \(TestDaemon.token)", .contentType: "application/json"])
            #expect(response.status == .accepted)
        }
        let (customer, catalog) = try await daemon.store.transaction { tx in
            (try tx.customer(email: "ann@example.com"), try tx.catalog(variant: "v1"))
        }
        #expect(customer?.name == "Ann Lee" && customer?.locale == "pl-PL")
        #expect(catalog?.url == "https://sklep.example/%C5%BC%C3%B3%C5%82w" && catalog?.currency == "PLN")
    }

    static let inventoryCases: [(event: String, field: String)] = [
        (#"{"variant_id":"v1","available":3,"product_title":"Socks\u0000"}"#, "events[1].product_title"),
        (#"{"variant_id":"v1","available":3,"variant_title":"M\r\nL"}"#, "events[1].variant_title"),
        (#"{"variant_id":"v1","available":3,"url":"data:text/html,<script>x</script>"}"#, "events[1].url"),
        (#"{"variant_id":"v1","available":3,"image_url":"http://cdn.example/\n"}"#, "events[1].image_url"),
        (#"{"variant_id":"v1","available":3,"price_minor":100,"currency":"E"}"#, "events[1].currency"),
        (#"{"variant_id":"v1","available":3,"price_minor":-100,"currency":"EUR"}"#, "events[1].price_minor"),
        (#"{"variant_id":"v\u0007","available":3}"#, "events[1].variant_id"),
        (#"{"variant_id":"v1","location_id":"a\nb","available":3}"#, "events[1].location_id"),
    ]

    @Test func aBadCatalogFieldOfTheGenericPayloadIsNamedAndNothingIsStored() async throws {
        let daemon = try await TestDaemon()
        try await daemon.test { client in
            _ = try await client.subscribe("a@example.com")
            let before = try await daemon.snapshot()
            for (event, field) in Self.inventoryCases {
                let body = #"{"events":[{"variant_id":"v2","available":1},"# + event + "]}"
                let response = try await client.post("/v1/inventory", body, headers: daemon.signed(body))
                #expect(response.status == .badRequest, "\(event)")
                #expect(String(buffer: response.body).contains(field + ":"), "\(String(buffer: response.body))")
            }
            #expect(try await daemon.snapshot() == before)
        }
        let catalog = try await daemon.store.transaction { tx in try tx.catalog(variant: "v1") }
        #expect(catalog?.hasDetails != true)
    }
}
