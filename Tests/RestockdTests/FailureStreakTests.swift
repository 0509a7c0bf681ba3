import RestockEngine
import Testing

/// How a background loop paces and logs a run of failures (a store outage).
@Suite struct FailureStreakTests {
    @Test func onlyTheFirstFailureOfAStreakIsLoggedAndTheWaitDoublesToItsLimit() {
        var streak = FailureStreak(base: 0.25, limit: 5)
        #expect(streak.failed() == .init(log: true, delay: 0.25))
        #expect(streak.failed() == .init(log: false, delay: 0.5))
        #expect(streak.failed() == .init(log: false, delay: 1))
        #expect(streak.failed() == .init(log: false, delay: 2))
        #expect(streak.failed() == .init(log: false, delay: 4))
        #expect(streak.failed() == .init(log: false, delay: 5))
        for _ in 0..<100 { _ = streak.failed() }
        #expect(streak.failed() == .init(log: false, delay: 5), "a long outage neither overflows nor waits longer")
    }

    @Test func aSuccessEndsTheStreakAndSaysHowLongItWas() {
        var streak = FailureStreak()
        #expect(streak.succeeded() == 0)
        _ = streak.failed()
        _ = streak.failed()
        #expect(streak.succeeded() == 2)
        #expect(streak.failed().log, "the next outage is logged again")
    }
}
