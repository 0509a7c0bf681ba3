/// Consecutive failures of one background loop, so that an outage is logged when it starts and
/// when it ends instead of once per tick: a PostgreSQL restart seen by a loop that runs four
/// times a second would otherwise write hundreds of identical errors a minute. Pure, so each
/// transition is a line of a test.
public struct FailureStreak: Sendable, Hashable {
    /// Failures since the last success.
    public private(set) var count = 0

    /// Seconds to wait before trying again after the failure just recorded: `base` doubling up
    /// to `limit`, so a loop that fails on every try neither spins nor waits long once the fault
    /// clears.
    public let base: Double
    public let limit: Double

    public init(base: Double = 0.25, limit: Double = 5) {
        self.base = base
        self.limit = limit
    }

    /// What the loop should do about one failure.
    public struct Decision: Sendable, Hashable {
        /// Log it at `.error`/`.warning`: the first of a streak. Later ones go to `.debug`.
        public var log: Bool
        /// Seconds to wait before the next try.
        public var delay: Double

        public init(log: Bool, delay: Double) {
            self.log = log
            self.delay = delay
        }
    }

    public mutating func failed() -> Decision {
        count += 1
        return Decision(log: count == 1, delay: Backoff.doubling(base: base, step: count, maximum: limit))
    }

    /// Records a success; returns how many failures it ends (0 when there was no streak), so the
    /// loop can say it recovered.
    public mutating func succeeded() -> Int {
        defer { count = 0 }
        return count
    }
}
