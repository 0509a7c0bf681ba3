import RestockCore
import Testing

@Suite struct WatchLifecycleTests {
    /// One row of the transition table in docs/ARCHITECTURE.md §3.
    struct Line: Sendable, CustomTestStringConvertible {
        var from: WatchState
        var event: WatchLifecycle.Event
        var to: WatchState
        var actions: [WatchLifecycle.Action]

        init(_ from: WatchState, _ event: WatchLifecycle.Event, _ to: WatchState, _ actions: [WatchLifecycle.Action]) {
            self.from = from
            self.event = event
            self.to = to
            self.actions = actions
        }

        var testDescription: String { "\(from.rawValue) --\(event.rawValue)--> \(to.rawValue)" }
    }

    static let transitions: [Line] = [
        Line(.pending, .confirm, .watching, [.planWaveIfOnSale]),
        Line(.watching, .selectedInWave, .notified, [.queueEmail(.backInStock)]),
        Line(.notified, .purchased, .converted, [.cancelPendingMail]),
        Line(.notified, .soldOutAgain, .soldOutAgain, [.queueEmail(.soldOutAgain)]),
        Line(.notified, .soldOutUnsent, .watching, [.cancelPendingMail]),
        Line(.notified, .soldOutUndelivered, .lapsed, []),
        Line(.soldOutAgain, .resubscribe, .watching, [.planWaveIfOnSale]),
        Line(.notified, .windowClosed, .lapsed, []),
        Line(.pending, .unsubscribe, .unsubscribed, [.cancelPendingMail]),
        Line(.watching, .unsubscribe, .unsubscribed, [.cancelPendingMail]),
        Line(.notified, .unsubscribe, .unsubscribed, [.cancelPendingMail]),
        Line(.soldOutAgain, .unsubscribe, .unsubscribed, [.cancelPendingMail]),
        Line(.pending, .ttlReached, .expired, [.cancelPendingMail]),
        Line(.watching, .ttlReached, .expired, [.cancelPendingMail]),
        Line(.notified, .ttlReached, .expired, [.cancelPendingMail]),
        Line(.soldOutAgain, .ttlReached, .expired, [.cancelPendingMail]),
    ]

    /// Every (state, event) pair that is not an arrow.
    static var illegal: [Line] {
        WatchState.allCases.flatMap { state in
            WatchLifecycle.Event.allCases.compactMap { event in
                transitions.contains { $0.from == state && $0.event == event }
                    ? nil : Line(state, event, state, [])
            }
        }
    }

    @Test(arguments: transitions)
    func transition(_ line: Line) throws {
        var lifecycle = WatchLifecycle(state: line.from)
        #expect(try lifecycle.handle(line.event) == line.actions)
        #expect(lifecycle.state == line.to)
    }

    @Test(arguments: illegal)
    func illegalTransitionIsRejectedAndChangesNothing(_ line: Line) {
        var lifecycle = WatchLifecycle(state: line.from)
        #expect(throws: WatchLifecycleError(state: line.from, event: line.event)) {
            try lifecycle.handle(line.event)
        }
        #expect(lifecycle.state == line.from)
    }

    @Test func terminalStatesRejectEverything() {
        for state in WatchState.allCases where !state.isLive {
            for event in WatchLifecycle.Event.allCases {
                #expect(throws: WatchLifecycleError.self) { try WatchLifecycle.transition(from: state, on: event) }
            }
        }
    }

    @Test func subscribingWithDoubleOptInWaitsForConfirmation() {
        let (state, actions) = WatchLifecycle.initial(doubleOptIn: true)
        #expect(state == .pending)
        #expect(actions == [.queueEmail(.confirmSubscription)])
    }

    @Test func subscribingWithoutDoubleOptInWatchesAtOnce() {
        let (state, actions) = WatchLifecycle.initial(doubleOptIn: false)
        #expect(state == .watching)
        #expect(actions == [.planWaveIfOnSale])
    }

    /// The purchase check follows a back-in-stock email once it is sent (its window runs from
    /// the send); no other email starts one.
    @Test(arguments: NotificationKind.allCases)
    func onlyASentBackInStockEmailStartsAPurchaseCheck(_ kind: NotificationKind) {
        #expect(WatchLifecycle.checksPurchase(afterSending: kind) == (kind == .backInStock))
    }

    @Test func errorNamesStateAndEvent() {
        let error = WatchLifecycleError(state: .converted, event: .resubscribe)
        #expect(error.description == "a watch in state 'converted' cannot take event 'resubscribe'")
        #expect(error.isTerminal)
    }

    static func watch(state: WatchState) -> Watch {
        Watch(
            id: 42, customerID: 7, variantID: "v1", state: state, queuePosition: 42,
            createdAt: Timestamp(microseconds: 1), updatedAt: Timestamp(microseconds: 1))
    }

    @Test func selectionRecordsNotificationTime() throws {
        var watch = Self.watch(state: .watching)
        let actions = try watch.apply(.selectedInWave, at: Timestamp(microseconds: 50))
        #expect(actions == [.queueEmail(.backInStock)])
        #expect(watch.state == .notified)
        #expect(watch.notifiedAt == Timestamp(microseconds: 50))
        #expect(watch.updatedAt == Timestamp(microseconds: 50))
    }

    @Test func resubscribeAfterSoldOutAgainKeepsTheQueuePosition() throws {
        var watch = Self.watch(state: .watching)
        try watch.apply(.selectedInWave, at: Timestamp(microseconds: 10))
        try watch.apply(.soldOutAgain, at: Timestamp(microseconds: 20))
        try watch.apply(.resubscribe, at: Timestamp(microseconds: 30))
        #expect(watch.state == .watching)
        #expect(watch.queuePosition == 42)
        #expect(watch.notifiedAt == Timestamp(microseconds: 10))
        #expect(watch.updatedAt == Timestamp(microseconds: 30))
    }

    @Test func rejectedEventLeavesTheWatchUnchanged() {
        let before = Self.watch(state: .lapsed)
        var watch = before
        #expect(throws: WatchLifecycleError(state: .lapsed, event: .resubscribe)) {
            try watch.apply(.resubscribe, at: Timestamp(microseconds: 99))
        }
        #expect(watch == before)
    }
}
