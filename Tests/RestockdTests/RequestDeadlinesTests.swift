import Testing

@testable import RestockHTTP

/// The rules of the slow-client deadlines, one transition per line.
@Suite struct RequestDeadlinesTests {
    @Test func aRequestRunsTheHeaderClockThenTheBodyClockThenNone() {
        var deadlines = RequestDeadlines()
        #expect(deadlines.bytesArrived() == .start(.head))
        #expect(deadlines.bytesArrived() == .none, "more header bytes do not restart the clock")
        #expect(deadlines.headReceived() == .start(.body))
        #expect(deadlines.bytesArrived() == .none, "body bytes do not restart the clock")
        #expect(deadlines.endReceived() == .cancel)
        #expect(deadlines.phase == .betweenRequests)
        #expect(deadlines.bytesArrived() == .start(.head), "the next request gets its own header clock")
    }

    @Test func aHeadThatArrivesInOneReadStillStartsTheBodyClock() {
        var deadlines = RequestDeadlines()
        #expect(deadlines.headReceived() == .start(.body))
        #expect(deadlines.endReceived() == .cancel)
    }
}
