import Foundation
import RestockCore
import Testing

/// The generic formats' checks at the door: what a shop's engine reads in a 400 when a field
/// would otherwise reach shoppers' emails or the revenue figures broken. Each case was found by
/// the `generic-inventory` or `generic-orders` fuzz target (Tests/Fuzz/regressions).
@Suite struct GenericPayloadTests {
    static let fallback = Timestamp(microseconds: 1_795_700_000_000_000)

    /// The message of the 400 `body` would get, or nil when it is accepted.
    static func failure<Payload: Decodable>(
        _ type: Payload.Type, _ body: String, _ normalize: (Payload) throws(PayloadError) -> Void
    ) throws -> String? {
        let payload = try JSONDecoder().decode(Payload.self, from: Data(body.utf8))
        do {
            try normalize(payload)
            return nil
        } catch {
            return error.message
        }
    }

    static func inventoryFailure(_ body: String) throws -> String? {
        try failure(GenericInventoryPayload.self, body) { payload throws(PayloadError) in
            _ = try payload.normalized(fallbackTime: fallback)
        }
    }

    static func orderFailure(_ body: String) throws -> String? {
        try failure(GenericOrderPayload.self, body) { payload throws(PayloadError) in
            _ = try payload.normalized(fallbackTime: fallback)
        }
    }

    @Test func catalogCurrencyMustBeAnISOCode() throws {
        for code in ["", "JP]", "E R", "ÉÉÉ", "EURO"] {
            let body = #"{"variant_id":"1","available":3,"product_title":"Socks","currency":"\#(code)"}"#
            #expect(
                try Self.inventoryFailure(body) == #"currency: expected a three-letter ISO 4217 code like "EUR""#,
                "\(code)")
        }
        let body = #"{"events":[{"variant_id":"1","available":3,"price":"19.99","currency":"eur"}]}"#
        let payload = try JSONDecoder().decode(GenericInventoryPayload.self, from: Data(body.utf8))
        let catalog = try payload.normalized(fallbackTime: Self.fallback).catalog
        #expect(catalog.map(\.currency) == ["EUR"])
        #expect(catalog.map(\.priceMinor) == [1999])
    }

    @Test func catalogPriceInMinorUnitsMustNotBeNegative() throws {
        let body =
            #"{"events":[{"variant_id":"1","available":3},{"variant_id":"2","available":1,"price_minor":-1999,"currency":"EUR"}]}"#
        #expect(try Self.inventoryFailure(body) == "events[1].price_minor: must not be negative")
    }

    @Test func orderCurrencyMustBeAnISOCode() throws {
        for code in ["]}R", "ÉÉÉ", "E1R"] {
            let body = #"{"order_id":"p","currency":"\#(code)","total":"9","lines":[]}"#
            #expect(
                try Self.orderFailure(body) == #"currency: expected a three-letter ISO 4217 code like "EUR""#, "\(code)"
            )
        }
    }

    @Test func orderAmountsInMinorUnitsMustNotBeNegative() throws {
        let total = #"{"order_id":"1","currency":"EUR","total_minor":-5000,"lines":[]}"#
        #expect(try Self.orderFailure(total) == "total_minor: must not be negative")
        let line =
            #"{"order_id":"1","currency":"EUR","total_minor":0,"lines":[{"variant_id":"v1","quantity":1,"price_minor":-1}]}"#
        #expect(try Self.orderFailure(line) == "lines[0].price_minor: must not be negative")
    }

    /// Amounts are multiplied and summed into revenue: past 10^15 minor units (ten trillion
    /// euros) a sum of them could overflow, so such an amount is refused by name.
    @Test func orderAmountsBeyondWhatRevenueCanSumAreRefusedByName() throws {
        let total = #"{"order_id":"1","currency":"EUR","total_minor":1000000000000001,"lines":[]}"#
        #expect(try Self.orderFailure(total) == "total_minor: must be at most 1000000000000000")
        let text = #"{"order_id":"1","currency":"EUR","total":"10000000000000.01","lines":[]}"#
        #expect(try Self.orderFailure(text) == #"total: expected a decimal like "19.99""#)
        let line =
            #"{"order_id":"1","currency":"EUR","total_minor":0,"lines":[{"variant_id":"v1","quantity":3,"price_minor":400000000000000}]}"#
        #expect(try Self.orderFailure(line) == "lines[0].quantity: price × quantity must be at most 1000000000000000")
        let overflow =
            #"{"order_id":"1","currency":"EUR","total_minor":0,"lines":[{"variant_id":"v1","quantity":9223372036854775807,"price_minor":2}]}"#
        #expect(
            try Self.orderFailure(overflow) == "lines[0].quantity: price × quantity must be at most 1000000000000000")
        let largest =
            #"{"order_id":"1","currency":"EUR","total":"10000000000000.00","lines":[{"variant_id":"v1","quantity":2,"price_minor":500000000000000}]}"#
        #expect(try Self.orderFailure(largest) == nil)
    }

    @Test func catalogPriceBeyondTheLargestAmountIsRefusedByName() throws {
        let body = #"{"variant_id":"1","available":3,"price_minor":1000000000000001,"currency":"EUR"}"#
        #expect(try Self.inventoryFailure(body) == "price_minor: must be at most 1000000000000000")
    }
}
