import RestockCore
import RestockEngine
import RestockMail
import Testing

/// One transition per line: how faults of the path pause the dispatcher and how it comes back.
@Suite struct PathHealthTests {
    let t0 = Timestamp(microseconds: 1_700_000_000_000_000)
    let login = PathFault(.authentication, code: 535)
    let refused = PathFault(.connection)

    func at(_ seconds: Double) -> Timestamp { t0.adding(seconds: seconds) }

    /// Paused by `login` at t0, first probe due at 5 s.
    func paused() -> PathHealth {
        var health = PathHealth(baseDelay: 5, maximumDelay: 300)
        _ = health.event(.pathFailed(login, startedAt: at(-1), at: t0))
        return health
    }

    @Test func aWorkingPathSendsWholeRounds() {
        var health = PathHealth()
        #expect(health.event(.roundStarts(at: t0)) == .sendRound)
        #expect(health.event(.pathWorked(startedAt: t0)) == .none)
        #expect(health.pause == nil)
    }

    @Test func theFirstFaultPausesForTheBaseDelay() {
        var health = PathHealth(baseDelay: 5, maximumDelay: 300)
        #expect(health.event(.pathFailed(login, startedAt: at(-1), at: t0)) == .pause(login, until: at(5)))
        #expect(health.pause?.since == t0)
    }

    @Test func whilePausedARoundWaitsUntilTheProbeIsDue() {
        var health = paused()
        #expect(health.event(.roundStarts(at: at(4.9))) == .wait(until: at(5)))
        #expect(health.event(.roundStarts(at: at(5))) == .probe)
    }

    @Test func faultsOfSendsAlreadyInFlightPutTheirMessageBackWithoutLengtheningThePause() {
        var health = paused()
        #expect(health.event(.pathFailed(refused, startedAt: at(-0.5), at: at(1))) == .putBack(until: at(5)))
        #expect(health.pause?.faults == 1)
        #expect(health.pause?.fault == login)
    }

    @Test func successOfASendAlreadyInFlightDoesNotEndThePause() {
        var health = paused()
        #expect(health.event(.pathWorked(startedAt: at(-0.5))) == .none)
        #expect(health.pause != nil)
    }

    @Test func aFailedProbeDoublesTheWait() {
        var health = paused()
        #expect(health.event(.pathFailed(login, startedAt: at(5), at: at(6))) == .pause(login, until: at(16)))
        #expect(health.event(.pathFailed(refused, startedAt: at(16), at: at(17))) == .pause(refused, until: at(37)))
        #expect(health.pause?.faults == 3)
        #expect(health.pause?.since == t0)
    }

    @Test func theWaitStopsGrowingAtTheMaximum() {
        var health = paused()
        var now = 5.0
        for _ in 0..<12 {
            guard case .pause(_, let until) = health.event(.pathFailed(login, startedAt: at(now), at: at(now))) else {
                Issue.record("a failed probe must pause")
                return
            }
            now = Double(until.microseconds - t0.microseconds) / 1_000_000
        }
        #expect(
            health.event(.pathFailed(login, startedAt: at(now), at: at(now))) == .pause(login, until: at(now + 300)))
    }

    @Test func aProbeThatGetsThroughResumesWholeRounds() {
        var health = paused()
        #expect(health.event(.pathWorked(startedAt: at(5))) == .resume(after: login, since: t0))
        #expect(health.pause == nil)
        #expect(health.event(.roundStarts(at: at(6))) == .sendRound)
    }

    @Test func afterAResumeTheNextFaultStartsFromTheBaseDelayAgain() {
        var health = paused()
        _ = health.event(.pathFailed(login, startedAt: at(5), at: at(5)))
        _ = health.event(.pathWorked(startedAt: at(15)))
        #expect(health.event(.pathFailed(refused, startedAt: at(20), at: at(20))) == .pause(refused, until: at(25)))
    }
}
