import RestockCore
import RestockMail

/// Whether the way out (the relay, the network, the mail directory) works, and while it does
/// not, when to try it again (docs/ARCHITECTURE.md §5: faults of the path pause the dispatcher with
/// backoff and never fail a message). Pure, so every transition is a line of a test; the
/// dispatcher executes the returned ``Action`` and nothing else.
///
/// While paused, no round claims more than one message: a probe, at most one per
/// ``Pause/retryAt``. The probe's outcome decides: any answer about the message itself (sent,
/// or refused for its recipient) shows the path works again; a fault of the path doubles the
/// wait, from ``baseDelay`` up to ``maximumDelay``. A fault reported by a send that started
/// before the current wait was set (one of a round's messages in flight when the first fault
/// came) neither lengthens the wait nor ends it: only a probe says something new.
public struct PathHealth: Sendable, Hashable {
    /// Why and since when the dispatcher is paused, and when it tries again.
    public struct Pause: Sendable, Hashable {
        /// The last fault seen.
        public var fault: PathFault
        public var since: Timestamp
        /// When the next probe may start.
        public var retryAt: Timestamp
        /// Faults in a row, the first included: the exponent of the backoff.
        public var faults: Int

        /// Whole seconds from `now` until the next probe may start; 0 once it is due.
        public func secondsToRetry(from now: Timestamp) -> Int64 { PathHealth.wholeSeconds(from: now, to: retryAt) }
    }

    /// Whole seconds from one time to a later one, rounded up, for people (never negative).
    public static func wholeSeconds(from start: Timestamp, to end: Timestamp) -> Int64 {
        max(0, (end.microseconds - start.microseconds + 999_999) / 1_000_000)
    }

    public enum Event: Sendable, Hashable {
        /// A round is about to claim messages.
        case roundStarts(at: Timestamp)
        /// A send started at `startedAt` reached the message itself: sent, or refused for it.
        case pathWorked(startedAt: Timestamp)
        /// A send started at `startedAt` met a fault of the path at `at`.
        case pathFailed(PathFault, startedAt: Timestamp, at: Timestamp)
    }

    public enum Action: Sendable, Hashable {
        /// Claim a whole round.
        case sendRound
        /// Paused, and a probe is due: claim one message.
        case probe
        /// Paused: claim nothing before `until`.
        case wait(until: Timestamp)
        /// The path just failed (or a probe failed again): log it, raise the paused gauge, and
        /// put the message back due at `until`.
        case pause(PathFault, until: Timestamp)
        /// Already paused by an earlier fault: put the message back due at `until`.
        case putBack(until: Timestamp)
        /// A probe got through: log how long the pause lasted, lower the gauge, send on.
        case resume(after: PathFault, since: Timestamp)
        case none
    }

    /// The first wait; each failed probe doubles it, up to ``maximumDelay``.
    public var baseDelay: Double
    public var maximumDelay: Double
    public private(set) var pause: Pause?

    public init(baseDelay: Double = 5, maximumDelay: Double = 300) {
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    public mutating func event(_ event: Event) -> Action {
        switch event {
        case .roundStarts(let now):
            guard let pause else { return .sendRound }
            return now < pause.retryAt ? .wait(until: pause.retryAt) : .probe

        case .pathWorked(let startedAt):
            guard let pause, startedAt >= pause.retryAt else { return .none }
            self.pause = nil
            return .resume(after: pause.fault, since: pause.since)

        case .pathFailed(let fault, let startedAt, let now):
            guard var pause else {
                let first = Pause(fault: fault, since: now, retryAt: now.adding(seconds: delay(after: 1)), faults: 1)
                self.pause = first
                return .pause(fault, until: first.retryAt)
            }
            guard startedAt >= pause.retryAt else { return .putBack(until: pause.retryAt) }
            pause.faults += 1
            pause.fault = fault
            pause.retryAt = now.adding(seconds: delay(after: pause.faults))
            self.pause = pause
            return .pause(fault, until: pause.retryAt)
        }
    }

    /// `baseDelay × 2^(faults − 1)`, at most ``maximumDelay``.
    func delay(after faults: Int) -> Double {
        Backoff.doubling(base: baseDelay, step: faults, maximum: maximumDelay)
    }
}
