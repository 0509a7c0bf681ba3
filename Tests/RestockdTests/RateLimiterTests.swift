import RestockCore
import RestockHTTP
import Testing

/// The per-client token buckets: what a client over its budget sees, and that a flood of
/// distinct clients cannot grow the table.
@Suite struct RateLimiterTests {
    @Test func aClientGetsItsBudgetThenWaitsForTheRefill() throws {
        let limiter = RateLimiter(limit: 3, window: 60)
        #expect((0..<3).allSatisfy { _ in limiter.take("a", now: 100) == nil })
        let wait = try #require(limiter.take("a", now: 100))
        #expect(wait > 19 && wait <= 20)
        #expect(limiter.take("b", now: 100) == nil)
        #expect(limiter.take("a", now: 120) == nil)
        #expect(limiter.take("a", now: 120) != nil)
    }

    @Test func aClockThatStepsBackOrIsNotFiniteGivesNoTokens() {
        let limiter = RateLimiter(limit: 1, window: 60)
        #expect(limiter.take("a", now: 1000) == nil)
        #expect(limiter.take("a", now: 10) != nil)
        #expect(limiter.take("a", now: .nan) != nil)
        #expect(limiter.take("a", now: .infinity) != nil)
    }

    @Test func askingDoesNotSpendAndRefusalsAreCountedOnlyWhenTaken() {
        let limiter = RateLimiter(limit: 2, window: 60)
        #expect((0..<100).allSatisfy { _ in limiter.wait("a", now: 0) == nil })
        _ = limiter.take("a", now: 0)
        _ = limiter.take("a", now: 0)
        #expect(limiter.wait("a", now: 0) != nil)
        #expect(limiter.count == 1)
    }

    @Test func aFloodOfDistinctClientsNeverGrowsTheTablePastItsCap() {
        let limiter = RateLimiter(limit: 5, window: 60, maxKeys: 1000)
        for index in 0..<50_000 {
            _ = limiter.take("client-\(index)", now: 0)
            if index % 997 == 0 { #expect(limiter.count <= 1000) }
        }
        #expect(limiter.count <= 1000)
    }

    @Test func aClientThatKeepsComingStaysLimitedThroughAFlood() {
        let limiter = RateLimiter(limit: 1, window: 3600, maxKeys: 1000)
        _ = limiter.take("attacker", now: 0)
        for index in 0..<20_000 {
            _ = limiter.take("other-\(index)", now: 0)
            if index % 100 == 0 { #expect(limiter.take("attacker", now: 0) != nil) }
        }
    }

    @Test(arguments: [
        (0.2, 1), (1.0, 1), (1.01, 2), (59.5, 60), (1e300, 86_400), (Double.infinity, 1), (Double.nan, 1), (-5, 1),
    ])
    func retryAfterIsAlwaysASaneWholeNumber(wait: Double, header: Int) {
        #expect(RateLimiter.retryAfter(wait) == header)
    }

    @Test func ipv6CountsByItsSlash64AndMappedIPv4AsIPv4() {
        #expect(ClientKey(address: "2001:db8:1:2:aaaa::1") == ClientKey(address: "2001:db8:1:2:ffff:ffff:ffff:ffff"))
        #expect(ClientKey(address: "2001:db8:1:2::1") != ClientKey(address: "2001:db8:1:3::1"))
        #expect(ClientKey(address: "::ffff:192.0.2.7") == ClientKey(address: "192.0.2.7"))
        #expect(ClientKey(address: "192.0.2.7") != ClientKey(address: "192.0.2.8"))
        #expect(ClientKey(address: "local") != ClientKey(address: "192.0.2.7"))
        #expect(ClientKey(address: String(repeating: "x", count: 10_000)).description.count < 100)
    }
}
