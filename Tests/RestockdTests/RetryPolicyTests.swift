import RestockCore
import RestockEngine
import RestockMail
import Testing

/// One decision per line: what happens to an email the transport did not accept.
@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(baseDelay: 60, maximumDelay: 3600, giveUpAfter: 86_400)
    let queued = Timestamp(microseconds: 1_700_000_000_000_000)

    func at(_ seconds: Double) -> Timestamp { queued.adding(seconds: seconds) }

    @Test func aMailboxThatDoesNotExistFailsAndSuppressesTheAddress() {
        #expect(
            policy.decide(.badMailbox, attempts: 1, deferredSince: queued, now: at(1), jitter: 0.5)
                == .fail(suppressAddress: true))
    }

    @Test func anyOtherPermanentRefusalFailsButKeepsTheAddress() {
        #expect(
            policy.decide(.permanent, attempts: 1, deferredSince: queued, now: at(1), jitter: 0.5)
                == .fail(suppressAddress: false))
    }

    @Test(arguments: [
        // attempts, jitter, delay: half the backoff plus the jitter's share of the other half.
        (1, 0.0, 30.0), (1, 1.0, 60.0), (2, 0.0, 60.0), (3, 0.5, 180.0), (7, 0.0, 1800.0), (8, 0.0, 1800.0),
        (20, 1.0, 3600.0),
    ])
    func temporaryFailuresBackOffExponentiallyWithJitterUpToTheCap(attempts: Int, jitter: Double, delay: Double) {
        #expect(
            policy.decide(.temporary, attempts: attempts, deferredSince: queued, now: at(10), jitter: jitter)
                == .retry(at: at(10 + delay)))
    }

    @Test func aConnectionLostAfterTheMessageIsRetriedLikeATemporaryFailure() {
        // The server may have queued it: sending again, with the same Message-ID, can make a
        // duplicate a receiver recognises; not sending can lose it.
        #expect(
            policy.decide(.ambiguous, attempts: 1, deferredSince: queued, now: at(1), jitter: 0) == .retry(at: at(31)))
    }

    @Test func aRetryThatWouldLandAfterTheGiveUpAgeFailsInstead() {
        #expect(
            policy.decide(.temporary, attempts: 9, deferredSince: queued, now: at(86_000), jitter: 0)
                == .fail(suppressAddress: false))
        #expect(
            policy.decide(.temporary, attempts: 9, deferredSince: queued, now: at(80_000), jitter: 0)
                == .retry(at: at(81_800)))
    }

    @Test func theGiveUpAgeCountsFromTheFirstRefusalNotFromQueuing() {
        // Queued days ago, paused all that time by a fault of the path, refused now for the
        // first time: a message of its own gets the whole window.
        #expect(
            policy.decide(.temporary, attempts: 1, deferredSince: nil, now: at(3 * 86_400), jitter: 0)
                == .retry(at: at(3 * 86_400 + 30)))
    }

    @Test(arguments: PathFault.Reason.allCases)
    func aFaultOfThePathPutsTheMessageBackWhateverItsAge(reason: PathFault.Reason) {
        #expect(
            policy.decide(.path(reason), attempts: 40, deferredSince: queued, now: at(30 * 86_400), jitter: 0)
                == .putBack)
    }
}
