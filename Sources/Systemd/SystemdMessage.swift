#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// One assignment of the `sd_notify(3)` protocol; several travel together in one datagram.
public enum SystemdMessage: Sendable, Hashable {
    /// `READY=1`: start-up is finished. A `Type=notify` unit stays "activating" until this.
    case ready
    /// `RELOADING=1` plus `MONOTONIC_USEC=`: a reload began; send `.ready` when it is done.
    case reloading
    /// `STOPPING=1`: shutdown began, so systemd stops expecting watchdog pings.
    case stopping
    /// `STATUS=`: one line for `systemctl status`; newlines are folded into spaces.
    case status(String)
    /// `WATCHDOG=1`: keep-alive ping that resets the `WatchdogSec=` timer.
    case watchdog
    /// `WATCHDOG=trigger`: ask systemd to act as if the watchdog had expired.
    case watchdogTrigger
    /// `MAINPID=`: the process systemd should treat as the main one.
    case mainPID(Int)
    /// `ERRNO=`: the errno-style reason for a failure, shown by `systemctl status`.
    case errno(Int32)
    /// `EXTEND_TIMEOUT_USEC=`: start-up (or stopping) is still making progress; systemd waits
    /// this much longer from now before it gives up (`TimeoutStartSec=`), instead of killing a
    /// daemon that is waiting for its database.
    case extendTimeout(Duration)
}

extension SystemdMessage {
    /// The `KEY=value` line(s) for this message.
    ///
    /// `monotonicMicroseconds` is read once per datagram by the caller: systemd ≥ 253 rejects a
    /// `RELOADING=1` for `Type=notify-reload` unless `MONOTONIC_USEC=` is later than the moment it
    /// sent the reload signal, so the value must be the current `CLOCK_MONOTONIC`, not a cached one.
    func line(monotonicMicroseconds: UInt64) -> String {
        switch self {
        case .ready: "READY=1"
        case .reloading: "RELOADING=1\nMONOTONIC_USEC=\(monotonicMicroseconds)"
        case .stopping: "STOPPING=1"
        case .status(let text): "STATUS=\(Self.singleLine(text))"
        case .watchdog: "WATCHDOG=1"
        case .watchdogTrigger: "WATCHDOG=trigger"
        case .mainPID(let pid): "MAINPID=\(pid)"
        case .errno(let code): "ERRNO=\(code)"
        case .extendTimeout(let duration):
            "EXTEND_TIMEOUT_USEC=\(duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000)"
        }
    }

    /// systemd splits a datagram at newlines, so a newline inside STATUS would start a bogus
    /// assignment; it also reads the datagram as a C string, so a NUL would cut it short.
    static func singleLine(_ text: String) -> String {
        text.filter { $0 != "\0" }
            .split(whereSeparator: \.isNewline)
            .joined(separator: " ")
    }

    /// The datagram for `messages`, one assignment per line, as `sd_notify(3)` expects.
    static func datagram(for messages: [SystemdMessage]) -> String {
        let now = messages.contains(.reloading) ? monotonicMicroseconds() : 0
        return messages.map { $0.line(monotonicMicroseconds: now) }.joined(separator: "\n")
    }

    /// `CLOCK_MONOTONIC` in µs, the clock systemd compares `MONOTONIC_USEC=` against.
    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
