import CSystemd

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Sends `sd_notify(3)` datagrams to the service manager, or does nothing when there is none.
///
/// systemd passes the socket in `NOTIFY_SOCKET` and the watchdog timeout in `WATCHDOG_USEC`;
/// `fromEnvironment()` reads both once at start-up. Outside systemd (a terminal, a test, Docker)
/// `isEnabled` is false and every call is a no-op, so callers never branch on it just to be safe.
///
/// The datagram is sent by this type rather than by `sd_notify()` itself because `sd_notify()`
/// re-reads `NOTIFY_SOCKET` on every call and has no way to name a socket explicitly; an explicit
/// address keeps the process environment read-only after start-up (glibc's `setenv` is not safe
/// against concurrent `getenv`) and lets tests aim at their own socket. The wire behaviour is
/// `sd_notify()`'s: one `AF_UNIX` datagram per call, absolute paths and `@abstract` names.
public struct SystemdNotifier: Sendable, Hashable {
    /// `NOTIFY_SOCKET`'s value: `/absolute/path` or `@abstract-name`; nil when not under systemd.
    public let socketPath: String?
    /// `WATCHDOG_USEC` as a duration; nil when the unit has no `WatchdogSec=` for this process.
    public let watchdogTimeout: Duration?

    /// A notifier aimed at an explicit socket; an empty or nil path disables it.
    public init(socketPath: String?, watchdogTimeout: Duration? = nil) {
        self.socketPath = socketPath.flatMap { $0.isEmpty ? nil : $0 }
        self.watchdogTimeout = watchdogTimeout
    }

    /// A notifier that never sends anything.
    public static let disabled = SystemdNotifier(socketPath: nil)

    /// Reads `NOTIFY_SOCKET` and the watchdog settings that systemd gave this process.
    ///
    /// `sd_watchdog_enabled()` does the `WATCHDOG_PID` check: a child that inherited the variables
    /// from its parent must not think the watchdog is its job. A malformed `WATCHDOG_USEC` counts
    /// as no watchdog, as it does for `sd_watchdog_enabled()`.
    public static func fromEnvironment() -> SystemdNotifier {
        let socketPath = getenv("NOTIFY_SOCKET").map { String(cString: $0) }
        var microseconds: UInt64 = 0
        let timeout: Duration? =
            sd_watchdog_enabled(0, &microseconds) > 0 && microseconds > 0
            ? .microseconds(Int64(clamping: microseconds)) : nil
        return SystemdNotifier(socketPath: socketPath, watchdogTimeout: timeout)
    }

    /// Whether there is a service manager to notify.
    public var isEnabled: Bool { socketPath != nil }

    /// Whether systemd expects `WATCHDOG=1` pings from this process.
    public var isWatchdogEnabled: Bool { isEnabled && watchdogTimeout != nil }

    /// Sends `messages` in one datagram, ignoring failure; returns whether it was delivered.
    ///
    /// A lost notification must not take the daemon down, so this never throws; use `send` to
    /// find out why one failed. Returns false, sending nothing, when `isEnabled` is false or
    /// `messages` is empty.
    @discardableResult
    public func notify(_ messages: [SystemdMessage]) -> Bool {
        guard isEnabled, !messages.isEmpty else { return false }
        do {
            try send(messages)
            return true
        } catch {
            return false
        }
    }

    /// Sends `messages` in one datagram; does nothing when `isEnabled` is false or `messages` is
    /// empty.
    ///
    /// One datagram matters: systemd applies its assignments together, so `[.ready, .status(…)]`
    /// never shows a ready service with the previous status.
    ///
    /// A datagram of only `STATUS=` and `WATCHDOG=1` lines is sent without waiting: when the
    /// manager's queue is full (ten datagrams by default, `net.unix.max_dgram_qlen`) it is
    /// dropped, as the next one says the same. Waiting would park a thread of the cooperative
    /// pool, which has one per core, until the manager reads. Everything else waits for room:
    /// a lost `READY=1` or `STOPPING=1` would be misread as a hung service.
    public func send(_ messages: [SystemdMessage]) throws(SystemdError) {
        guard let socketPath, !messages.isEmpty else { return }
        let droppable = messages.allSatisfy { message in
            switch message {
            case .status, .watchdog: true
            default: false
            }
        }
        try Self.sendDatagram(SystemdMessage.datagram(for: messages), to: socketPath, waiting: !droppable)
    }
}
