import RestockCore
import RestockMail

/// What the dispatcher does with a message the transport did not accept for a reason of its own
/// (docs/ARCHITECTURE.md §5): try again later, or give up, and for a mailbox that does not exist,
/// stop mailing the address. Faults of the path are not the message's: they put it back unchanged
/// and pause the dispatcher (``PathHealth``). Pure, so every branch is a line of a test.
public struct RetryPolicy: Sendable, Hashable {
    /// What to do with the outbox row.
    public enum Decision: Sendable, Hashable {
        case retry(at: Timestamp)
        case fail(suppressAddress: Bool)
        /// A fault of the path: back in the queue as it was, neither counted nor given up;
        /// ``PathHealth`` says when it is due.
        case putBack
    }

    /// The first retry's delay; each later one doubles it, up to ``maximumDelay``.
    public var baseDelay: Double
    public var maximumDelay: Double
    /// A message still refused this long after it was first refused for a reason of its own is
    /// given up instead of retried: a "back in stock" email a day late tells of stock that is
    /// gone. Counted from its first refusal, not from queuing, so time the dispatcher spent
    /// paused on a fault of the path (a relay password that expired over a weekend) never
    /// expires a message: it goes out once the path works, and is given up only if the
    /// receiving side keeps refusing it.
    public var giveUpAfter: Double

    public init(baseDelay: Double = 60, maximumDelay: Double = 3600, giveUpAfter: Double = 86_400) {
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.giveUpAfter = giveUpAfter
    }

    /// - Parameters:
    ///   - attempts: attempts made so far, this one included (1 after the first); faults of the
    ///     path are not counted.
    ///   - deferredSince: when the message was first refused for a reason of its own, `nil`
    ///     if this is the first time.
    ///   - jitter: a number in 0..<1; the delay is drawn from its upper half ("equal jitter"),
    ///     so retries of a burst that failed together spread out instead of returning together,
    ///     yet never come sooner than half the backoff.
    public func decide(
        _ error: TransportError.Kind, attempts: Int, deferredSince: Timestamp?, now: Timestamp, jitter: Double
    ) -> Decision {
        switch error {
        case .badMailbox: return .fail(suppressAddress: true)
        case .permanent: return .fail(suppressAddress: false)
        case .path: return .putBack
        case .temporary, .ambiguous: break
        }
        let since = deferredSince ?? now
        let backoff = Backoff.doubling(base: baseDelay, step: attempts, maximum: maximumDelay)
        let delay = backoff / 2 + backoff / 2 * min(max(jitter, 0), 1)
        let retryAt = now.adding(seconds: delay)
        guard retryAt.microseconds - since.microseconds <= Int64(giveUpAfter * 1_000_000) else {
            return .fail(suppressAddress: false)
        }
        return .retry(at: retryAt)
    }
}
