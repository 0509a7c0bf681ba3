import RestockCore
import Synchronization

/// A clock tests move by hand, so wave intervals pass without waiting.
final class TestClock: Sendable {
    private let current: Mutex<Timestamp>

    init(_ start: Timestamp = Timestamp(microseconds: 1_800_000_000_000_000)) { current = Mutex(start) }

    var now: Timestamp { current.withLock { $0 } }

    func advance(seconds: Double) { current.withLock { $0 = $0.adding(seconds: seconds) } }

    var function: @Sendable () -> Timestamp { { self.now } }
}
