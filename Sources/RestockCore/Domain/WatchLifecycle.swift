/// The watch state machine (docs/ARCHITECTURE.md §3), pure: it decides the next state and the
/// actions the caller must perform, and performs none of them. The engine performs exactly the
/// actions returned, in one place (`WatchEffects` in RestockEngine).
///
/// ```
/// subscribe (double opt-in on) ──► pending     confirm email
/// subscribe (no opt-in) ──► watching           a wave now if a restock is on sale
/// pending ──confirm──► watching                a wave now if a restock is on sale
/// watching ──selectedInWave──► notified        back-in-stock email (a purchase check once sent)
/// notified ──purchased──► converted            (terminal) its queued mail cancelled
/// notified ──soldOutAgain──► sold_out_again    "sold out again" email (it was told)
/// notified ──soldOutUnsent──► watching         its queued email withdrawn (never told)
/// notified ──soldOutUndelivered──► lapsed      nothing more (its email failed for good)
/// sold_out_again ──resubscribe──► watching     keeps the queue position; a wave as above
/// notified ──windowClosed──► lapsed            (terminal)
/// any live state ──unsubscribe──► unsubscribed (terminal) its queued mail cancelled
/// any live state ──ttlReached──► expired       (terminal) its queued mail cancelled
/// ```
///
/// Anything else throws ``WatchLifecycleError``, including repeats such as a second click on a
/// confirm link: the caller decides whether a repeat is harmless (answer as if it worked) or a bug.
public struct WatchLifecycle: Hashable, Sendable {
    /// Something that happened to a watch.
    public enum Event: String, Hashable, Sendable, CaseIterable, Codable {
        /// The customer followed the confirm link of a double opt-in.
        case confirm
        /// A restock wave picked the watch.
        case selectedInWave = "selected_in_wave"
        /// The customer bought the variant after being notified.
        case purchased
        /// The variant sold out before the notified customer bought, and the back-in-stock
        /// email was sent or is on its way (``soldOut(notification:)``).
        case soldOutAgain = "sold_out_again"
        /// The variant sold out while the back-in-stock email was still queued: the customer
        /// was never told, so the email is withdrawn and the watch waits at its place.
        case soldOutUnsent = "sold_out_unsent"
        /// The variant sold out and the back-in-stock email never reached the customer (it
        /// failed for good): there is nothing to follow up.
        case soldOutUndelivered = "sold_out_undelivered"
        /// The customer followed the re-subscribe link of a "sold out again" email.
        case resubscribe
        /// The follow-up window after the notification closed without a purchase.
        case windowClosed = "window_closed"
        /// The customer unsubscribed (this watch, or everything).
        case unsubscribe
        /// The watch reached its time to live.
        case ttlReached = "ttl_reached"
    }

    /// What the caller must do after a transition, in the same transaction as the state change.
    public enum Action: Hashable, Sendable {
        /// Queue an email of this kind for the watch (coalesced with the customer's others of
        /// the same kind in the transaction; the caller names the restock cycle it is about).
        case queueEmail(NotificationKind)
        /// Cancel this watch's queued, unsent emails: they are no longer true or wanted. Emails
        /// already being sent are left to finish.
        case cancelPendingMail
        /// The watch waits in the queue: if its variant's restock is still on sale and its waves
        /// had stopped, plan a wave now rather than leave it waiting for the next restock
        /// (docs/ARCHITECTURE.md §4).
        case planWaveIfOnSale
    }

    public var state: WatchState

    public init(state: WatchState) { self.state = state }

    /// The state and actions of a new watch. With double opt-in the customer must confirm first,
    /// so the watch waits in `pending` and a confirm email goes out; otherwise it joins the
    /// queue at once, and a restock still on sale reaches it.
    public static func initial(doubleOptIn: Bool) -> (state: WatchState, actions: [Action]) {
        doubleOptIn ? (.pending, [.queueEmail(.confirmSubscription)]) : (.watching, [.planWaveIfOnSale])
    }

    /// Whether an email of `kind`, once sent, is followed by a purchase check of each watch it
    /// covers at the end of the follow-up window: a back-in-stock email is. Not an action of
    /// `selectedInWave`: the window runs from the send, so the dispatcher schedules the check as
    /// it marks the email sent (docs/ARCHITECTURE.md §5), whatever state the watches are in by
    /// then; the check settles one that has moved on.
    public static func checksPurchase(afterSending kind: NotificationKind) -> Bool {
        switch kind {
        case .backInStock: true
        case .soldOutAgain, .confirmSubscription: false
        }
    }

    /// The event a sell-out is for a `notified` watch, from what became of its back-in-stock
    /// email in the cycle that ends (`nil`: none was queued).
    ///
    /// An email still being sent may have gone out already, and one still queued that also
    /// tells of other variants cannot be withdrawn for this one: both count as told, and the
    /// dispatcher holds the "sold out again" email until the first one settles, dropping it if
    /// that was not sent (``SoldOutAgainGate``).
    public static func soldOut(notification: NotificationStatus?) -> Event {
        guard let notification else { return .soldOutUndelivered }
        switch notification.delivery {
        case .delivered: return .soldOutAgain
        case .pending:
            return notification.state == .queued && !notification.isShared ? .soldOutUnsent : .soldOutAgain
        case .undelivered: return .soldOutUndelivered
        }
    }

    /// Moves to the state `event` leads to and returns the actions to perform; throws, leaving
    /// the state as it was, when `event` is not allowed in the current state.
    public mutating func handle(_ event: Event) throws(WatchLifecycleError) -> [Action] {
        let (next, actions) = try Self.transition(from: state, on: event)
        state = next
        return actions
    }

    /// The transition table, one line per row of the table in docs/ARCHITECTURE.md §3.
    public static func transition(from state: WatchState, on event: Event)
        throws(WatchLifecycleError) -> (state: WatchState, actions: [Action])
    {
        switch (state, event) {
        case (.pending, .confirm): return (.watching, [.planWaveIfOnSale])
        case (.watching, .selectedInWave): return (.notified, [.queueEmail(.backInStock)])
        case (.notified, .purchased): return (.converted, [.cancelPendingMail])
        case (.notified, .soldOutAgain): return (.soldOutAgain, [.queueEmail(.soldOutAgain)])
        case (.notified, .soldOutUnsent): return (.watching, [.cancelPendingMail])
        case (.notified, .soldOutUndelivered): return (.lapsed, [])
        case (.soldOutAgain, .resubscribe): return (.watching, [.planWaveIfOnSale])
        case (.notified, .windowClosed): return (.lapsed, [])
        case (_, .unsubscribe) where state.isLive: return (.unsubscribed, [.cancelPendingMail])
        case (_, .ttlReached) where state.isLive: return (.expired, [.cancelPendingMail])
        default: throw WatchLifecycleError(state: state, event: event)
        }
    }
}

/// An event that is not allowed in the watch's current state.
public struct WatchLifecycleError: Error, Hashable, Sendable, CustomStringConvertible {
    public var state: WatchState
    public var event: WatchLifecycle.Event

    public init(state: WatchState, event: WatchLifecycle.Event) {
        self.state = state
        self.event = event
    }

    /// True when the watch's life is over: nothing more can happen to it.
    public var isTerminal: Bool { !state.isLive }

    public var description: String {
        "a watch in state '\(state.rawValue)' cannot take event '\(event.rawValue)'"
    }
}
