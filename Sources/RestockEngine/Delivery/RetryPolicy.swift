import RestockCore
import RestockMail

/// What the dispatcher does with a message the transport did not accept (DESIGN.md §5): try
/// again later, or give up, and for a mailbox that does not exist, stop mailing the address.
/// Pure, so every branch is a line of a test.
public struct RetryPolicy: Sendable, Hashable {
    /// What to do with the outbox row.
    public enum Decision: Sendable, Hashable {
        case retry(at: Timestamp)
        case fail(suppressAddress: Bool)
    }

    /// The first retry's delay; each later one doubles it, up to ``maximumDelay``.
    public var baseDelay: Double
    public var maximumDelay: Double
    /// A row first queued longer ago than this is given up instead of retried: a "back in
    /// stock" email a day late tells of stock that is gone.
    public var giveUpAfter: Double

    public init(baseDelay: Double = 60, maximumDelay: Double = 3600, giveUpAfter: Double = 86_400) {
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.giveUpAfter = giveUpAfter
    }

    /// - Parameters:
    ///   - attempts: attempts made so far, this one included (1 after the first).
    ///   - jitter: a number in 0..<1; the delay is drawn from its upper half ("equal jitter"),
    ///     so retries of a burst that failed together spread out instead of returning together,
    ///     yet never come sooner than half the backoff.
    public func decide(
        _ error: TransportError.Kind, attempts: Int, queuedAt: Timestamp, now: Timestamp, jitter: Double
    ) -> Decision {
        switch error {
        case .badMailbox: return .fail(suppressAddress: true)
        case .permanent: return .fail(suppressAddress: false)
        case .temporary, .ambiguous: break
        }
        let exponent = Double(max(0, min(attempts - 1, 30)))
        let backoff = min(maximumDelay, baseDelay * pow2(exponent))
        let delay = backoff / 2 + backoff / 2 * min(max(jitter, 0), 1)
        let retryAt = now.adding(seconds: delay)
        guard retryAt.microseconds - queuedAt.microseconds <= Int64(giveUpAfter * 1_000_000) else {
            return .fail(suppressAddress: false)
        }
        return .retry(at: retryAt)
    }

    private func pow2(_ exponent: Double) -> Double {
        (0..<Int(exponent)).reduce(1.0) { value, _ in value * 2 }
    }
}
