import RestockCore
import Testing

/// No follow-up for a notification that was not delivered (issue 16): what a sell-out does with
/// each notified watch, and what the dispatcher does with a "sold out again" email, from what
/// became of the back-in-stock email.
@Suite struct SoldOutAgainTests {
    static func status(_ state: OutboxState, watch: Int64 = 1, cycle: Int64? = 7, shared: Bool = false)
        -> NotificationStatus
    {
        NotificationStatus(watchID: watch, cycleID: cycle, outboxID: 100 + watch, state: state, isShared: shared)
    }

    @Test func aSellOutFollowsUpOnlyWhatWasToldAndWithdrawsWhatWaits() {
        #expect(WatchLifecycle.soldOut(notification: Self.status(.sent)) == .soldOutAgain)
        #expect(WatchLifecycle.soldOut(notification: Self.status(.sending)) == .soldOutAgain, "perhaps sent already")
        #expect(WatchLifecycle.soldOut(notification: Self.status(.queued)) == .soldOutUnsent)
        #expect(
            WatchLifecycle.soldOut(notification: Self.status(.queued, shared: true)) == .soldOutAgain,
            "an email that also tells of another variant cannot be withdrawn for one")
        #expect(WatchLifecycle.soldOut(notification: Self.status(.failed)) == .soldOutUndelivered)
        #expect(WatchLifecycle.soldOut(notification: Self.status(.cancelled)) == .soldOutUndelivered)
        #expect(WatchLifecycle.soldOut(notification: nil) == .soldOutUndelivered)
    }

    @Test func theLookupMatchesWatchAndCycle() {
        let lookup = NotificationStatus.lookup([Self.status(.failed, cycle: 6), Self.status(.sent, cycle: 7)])
        #expect(lookup(1, 7)?.state == .sent)
        #expect(lookup(1, 6)?.state == .failed)
        #expect(lookup(1, 8) == nil && lookup(2, 7) == nil)
    }

    static let items = [
        OutboxItem(watchID: 1, variantID: "v1", cycleID: 7), OutboxItem(watchID: 2, variantID: "v2", cycleID: 9),
    ]

    @Test func aSoldOutAgainEmailTellsOnlyTheWatchesThatWereTold() {
        let both = [Self.status(.sent, watch: 1, cycle: 7), Self.status(.sent, watch: 2, cycle: 9)]
        #expect(SoldOutAgainGate.decide(Self.items, notifications: both) == .send(Self.items))
        let one = [Self.status(.sent, watch: 1, cycle: 7), Self.status(.failed, watch: 2, cycle: 9)]
        #expect(SoldOutAgainGate.decide(Self.items, notifications: one) == .send([Self.items[0]]))
        let none = [Self.status(.failed, watch: 1, cycle: 7)]
        #expect(SoldOutAgainGate.decide(Self.items, notifications: none) == .drop)
        let earlierCycle = [Self.status(.sent, watch: 1, cycle: 3)]
        #expect(SoldOutAgainGate.decide([Self.items[0]], notifications: earlierCycle) == .drop)
    }

    @Test func aSoldOutAgainEmailWaitsWhileItsBackInStockEmailIsInFlight() {
        for state in [OutboxState.sending, .queued] {
            let pending = [Self.status(.sent, watch: 1, cycle: 7), Self.status(state, watch: 2, cycle: 9)]
            #expect(SoldOutAgainGate.decide(Self.items, notifications: pending) == .wait)
        }
    }
}
