import RestockEngine
import Testing

/// The dispatcher's wake-up: a commit that queued mail must not wait for the next poll. Each
/// wait here has a minute's timeout, so returning well within it shows the notify woke it.
@Suite struct OutboxSignalTests {
    @Test func aNotifyWhileWaitingWakesTheWaiter() async {
        let signal = OutboxSignal()
        let started = ContinuousClock.now
        async let waited: Void = signal.wait(timeout: .seconds(60))
        try? await Task.sleep(for: .milliseconds(50))
        signal.notify()
        await waited
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func aNotifyBeforeTheWaitIsKeptForIt() async {
        let signal = OutboxSignal()
        signal.notify()
        let started = ContinuousClock.now
        await signal.wait(timeout: .seconds(60))
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func withoutANotifyTheWaitEndsAtItsTimeout() async {
        let signal = OutboxSignal()
        signal.notify()
        await signal.wait(timeout: .seconds(60))  // uses up the kept notify
        let started = ContinuousClock.now
        await signal.wait(timeout: .milliseconds(200))
        #expect(ContinuousClock.now - started >= .milliseconds(200))
    }

    @Test func cancellingTheWaiterEndsTheWait() async {
        let signal = OutboxSignal()
        let started = ContinuousClock.now
        let task = Task { await signal.wait(timeout: .seconds(60)) }
        try? await Task.sleep(for: .milliseconds(50))
        task.cancel()
        await task.value
        #expect(ContinuousClock.now - started < .seconds(30))
    }
}
