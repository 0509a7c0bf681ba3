/// Whether a queued "sold out again" email may go out, decided as the dispatcher is about to
/// send it: it tells only watches whose back-in-stock email was sent. At the sell-out a
/// back-in-stock email may still have been in flight (``WatchLifecycle/soldOut(notification:)``);
/// this is the one place that looks again once it settled. Pure.
public enum SoldOutAgainGate {
    public enum Decision: Hashable, Sendable {
        /// Send it, about these items: the ones whose back-in-stock email was sent.
        case send([OutboxItem])
        /// A back-in-stock email it follows is still queued or being sent: decide again later.
        case wait
        /// None of the back-in-stock emails it follows was sent: it has nothing true to say.
        case drop
    }

    /// - Parameters:
    ///   - items: the "sold out again" email's items (watch and cycle).
    ///   - notifications: the back-in-stock emails of those watches, any cycle.
    public static func decide(_ items: [OutboxItem], notifications: [NotificationStatus]) -> Decision {
        let status = NotificationStatus.lookup(notifications)
        var told: [OutboxItem] = []
        for item in items {
            switch status(item.watchID, item.cycleID)?.delivery {
            case .delivered?: told.append(item)
            case .pending?: return .wait
            case .undelivered?, nil: continue
            }
        }
        return told.isEmpty ? .drop : .send(told)
    }
}
