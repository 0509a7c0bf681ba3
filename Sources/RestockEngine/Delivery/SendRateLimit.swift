import Synchronization

/// The global send-rate limit: at most `perSecond` messages handed to the transport per second,
/// across every connection, with a burst of `burst` messages (the generic cell rate algorithm,
/// a token bucket kept as one number).
///
/// Each sender books the next free slot under a lock and sleeps until it, so the rate holds
/// however many senders run and however long each send takes: a sleep after every batch would
/// let a fast batch overshoot and a slow one undershoot.
public final class SendRateLimit: Sendable {
    public let perSecond: Double
    public let burst: Int
    /// Seconds between slots.
    let interval: Double
    /// How far ahead of its slot a sender may go: what lets a burst through.
    let tolerance: Double
    /// The theoretical arrival time of the next message, in seconds on `clock`.
    private let nextSlot = Mutex<Double>(-.infinity)
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    public init(perSecond: Double, burst: Int = 1) {
        precondition(perSecond > 0, "a send rate must be positive")
        self.perSecond = perSecond
        self.burst = max(1, burst)
        self.interval = 1 / perSecond
        self.tolerance = Double(max(1, burst) - 1) / perSecond
        self.origin = clock.now
    }

    /// Books the next slot for a message sent at `now` (seconds) and returns how long to wait
    /// for it: zero while within the burst.
    func reserve(now: Double) -> Double {
        nextSlot.withLock { slot in
            let arrival = max(slot, now)
            slot = arrival + interval
            return max(0, arrival - tolerance - now)
        }
    }

    /// Waits for this message's slot. Cancellation ends the wait with `CancellationError`; the
    /// booked slot is then lost, which only slows the rate, never exceeds it.
    public func acquire() async throws {
        let elapsed = clock.now - origin
        let now = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let wait = reserve(now: now)
        if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
    }
}
