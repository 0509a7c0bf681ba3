import Synchronization

/// When a loop of the daemon last went round, for the systemd watchdog.
///
/// The watchdog asks whether the process itself is healthy, not whether its store answers: a
/// PostgreSQL outage is a fault of the path that restockd waits out (webhooks get 503, loops back
/// off), and a watchdog gated on the store turned every outage longer than `WatchdogSec=` into a
/// restart loop. What a restart does cure is a wedged loop, so the dispatcher beats here each time
/// round, and the watchdog stays silent once it has not beaten for longer than any round can take.
public final class Heartbeat: Sendable {
    private let last: Mutex<ContinuousClock.Instant>

    public init() {
        last = Mutex(ContinuousClock.now)
    }

    public func beat() {
        last.withLock { $0 = ContinuousClock.now }
    }

    /// How long since the last beat.
    public var sinceLastBeat: Duration {
        ContinuousClock.now - last.withLock { $0 }
    }
}
