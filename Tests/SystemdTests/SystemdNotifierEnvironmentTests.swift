import Glibc
import Logging
import RestockTestSupport
import Systemd
import Testing

/// Mutates the process environment, so its tests run one at a time; no other suite in this
/// target reads `NOTIFY_SOCKET` or `WATCHDOG_*`.
@Suite("SystemdNotifier.fromEnvironment", .serialized)
struct SystemdNotifierEnvironmentTests {
    @Test("picks up the socket and watchdog systemd gives this process")
    func underSystemd() throws {
        let socket = try NotifySocket()
        let notifier = withEnvironment([
            "NOTIFY_SOCKET": socket.address, "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "\(getpid())",
        ]) { SystemdNotifier.fromEnvironment() }

        #expect(notifier.socketPath == socket.address)
        #expect(notifier.watchdogTimeout == .seconds(30))
        #expect(WatchdogService(notifier: notifier, logger: Logger(label: "test")) { true }.interval == .seconds(15))
        #expect(notifier.notify([.ready]))
        #expect(socket.drain() == ["READY=1"])
    }

    @Test("a watchdog meant for another process (inherited WATCHDOG_PID) is not ours to feed")
    func watchdogOfAnotherProcess() throws {
        let notifier = withEnvironment([
            "NOTIFY_SOCKET": "@restock-systemd-test", "WATCHDOG_USEC": "30000000",
            "WATCHDOG_PID": "\(getpid() + 1)",
        ]) { SystemdNotifier.fromEnvironment() }

        #expect(notifier.isEnabled)
        #expect(!notifier.isWatchdogEnabled)
    }

    @Test("outside systemd the notifier is disabled")
    func outsideSystemd() {
        let notifier = withEnvironment([
            "NOTIFY_SOCKET": nil, "WATCHDOG_USEC": nil, "WATCHDOG_PID": nil,
        ]) { SystemdNotifier.fromEnvironment() }

        #expect(!notifier.isEnabled)
        #expect(!notifier.isWatchdogEnabled)
        #expect(!notifier.notify([.ready]))
    }
}

/// Runs `body` with `variables` set (nil unsets), then restores what was there before.
func withEnvironment<T>(_ variables: [String: String?], _ body: () -> T) -> T {
    let saved = variables.keys.map { ($0, getenv($0).map { String(cString: $0) }) }
    func apply(_ name: String, _ value: String?) {
        if let value { setenv(name, value, 1) } else { unsetenv(name) }
    }
    for (name, value) in variables { apply(name, value) }
    defer { for (name, value) in saved { apply(name, value) } }
    return body()
}
