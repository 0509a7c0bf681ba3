import Crypto
import Foundation
import Testing

@testable import RestockEngine

/// The send-rate limit's slot arithmetic, on a clock the test sets.
@Suite struct SendRateLimitTests {
    @Test func aBurstGoesAtOnceAndTheRestOneIntervalApart() {
        let limit = SendRateLimit(perSecond: 10, burst: 3)
        let waits = (0..<6).map { _ in limit.reserve(now: 100) }
        #expect(zip(waits, [0, 0, 0, 0.1, 0.2, 0.3]).allSatisfy { abs($0 - $1) < 1e-9 }, "\(waits)")
    }

    @Test func anIdleSpellRefillsTheBurstButNoMore() {
        let limit = SendRateLimit(perSecond: 10, burst: 2)
        _ = (0..<5).map { _ in limit.reserve(now: 0) }
        // An hour later: two go at once again, the third waits; idle time is not saved up.
        let waits = (0..<3).map { _ in limit.reserve(now: 3600) }
        #expect(zip(waits, [0, 0, 0.1]).allSatisfy { abs($0 - $1) < 1e-9 }, "\(waits)")
    }

    @Test func sendersOnManyThreadsShareOneRate() async {
        let limit = SendRateLimit(perSecond: 100, burst: 1)
        let waits = await withTaskGroup(of: [Double].self) { group in
            for _ in 0..<8 { group.addTask { (0..<125).map { _ in limit.reserve(now: 5) } } }
            return await group.reduce(into: []) { $0 += $1 }
        }
        // 1,000 slots, each booked once, 10 ms apart: the last a little under 10 s away.
        let sorted = waits.sorted()
        #expect(sorted.count == 1000)
        #expect(sorted.enumerated().allSatisfy { abs($1 - Double($0) * 0.01) < 1e-6 })
    }
}

extension SendRateLimitTests {
    /// A round's rows must all be sent before their lease ends, or another dispatcher takes
    /// them: with a rate limit, a claim takes no more than half the lease can send.
    @Test func aRateLimitedClaimTakesNoMoreThanHalfTheLeaseCanSend() {
        let key = SymmetricKey(data: Data("claim limit test secret".utf8))
        func limit(_ rate: Double?, lease: Double) -> Int {
            DispatcherConfiguration(
                batchSize: 64, lease: lease, publicURL: "https://r.example", linkSecret: key,
                rateLimit: rate.map { SendRateLimit(perSecond: $0) }
            ).claimLimit
        }
        #expect(limit(nil, lease: 300) == 64)
        #expect(limit(1000, lease: 300) == 64)
        #expect(limit(0.2, lease: 300) == 30)
        #expect(limit(0.01, lease: 60) == 1)
    }
}
