import Logging
import RestockTestSupport
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Systemd
import Testing

@Suite("WatchdogService")
struct WatchdogServiceTests {
    /// A tiny timeout keeps the test quick; no assertion depends on how long anything takes.
    static let timeout = Duration.milliseconds(20)

    @Test("pings WATCHDOG=1 once per healthy check and never for an unhealthy one")
    func pingsOnlyWhileHealthy() async throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(socketPath: socket.address, watchdogTimeout: Self.timeout)

        notifier.notify([.ready, .status("Serving")])
        try await runWatchdog(notifier: notifier, answers: [true, false, true, true, false])
        notifier.notify([.stopping])

        #expect(
            socket.drain() == ["READY=1\nSTATUS=Serving", "WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1", "STOPPING=1"])
    }

    @Test("a service that stays unhealthy never pings, so systemd will restart it")
    func unhealthyNeverPings() async throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(socketPath: socket.address, watchdogTimeout: Self.timeout)

        try await runWatchdog(notifier: notifier, answers: [false, false, false])

        #expect(socket.drain().isEmpty)
    }

    @Test("without WatchdogSec= it checks nothing, sends nothing and ends on graceful shutdown")
    func disabledWatchdog() async throws {
        let socket = try NotifySocket()
        let checks = Mutex(0)
        let service = WatchdogService(
            notifier: SystemdNotifier(socketPath: socket.address), interval: .milliseconds(1),
            logger: Logger(label: "test")
        ) {
            checks.withLock { $0 += 1 }
            return true
        }
        #expect(service.interval == nil)

        try await testGracefulShutdown { trigger in
            async let run: Void = service.run()
            trigger.triggerGracefulShutdown()
            try await run
        }

        #expect(checks.withLock { $0 } == 0)
        #expect(socket.drain().isEmpty)
    }

    @Test("the interval defaults to half of WatchdogSec= and can be overridden")
    func interval() {
        let notifier = SystemdNotifier(socketPath: "@unused", watchdogTimeout: .seconds(30))
        let logger = Logger(label: "test")

        #expect(WatchdogService(notifier: notifier, logger: logger) { true }.interval == .seconds(15))
        #expect(
            WatchdogService(notifier: notifier, interval: .seconds(5), logger: logger) { true }.interval
                == .seconds(5))
    }

    /// Runs the service with a health check that gives `answers` in turn, then shuts it down
    /// gracefully from inside the next check, so the number of checks is exact.
    private func runWatchdog(notifier: SystemdNotifier, answers: [Bool]) async throws {
        let remaining = Mutex(answers)
        try await testGracefulShutdown { trigger in
            let service = WatchdogService(notifier: notifier, logger: Logger(label: "test")) {
                let answer = remaining.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                guard let answer else {
                    trigger.triggerGracefulShutdown()
                    return false
                }
                return answer
            }
            try await service.run()
        }
    }
}
