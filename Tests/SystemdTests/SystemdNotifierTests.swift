import Glibc
import RestockTestSupport
import Systemd
import Testing

@Suite("SystemdNotifier")
struct SystemdNotifierTests {
    @Test("READY and STATUS arrive together in one datagram")
    func readyWithStatus() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(socketPath: socket.address)

        #expect(notifier.notify([.ready, .status("Serving 3 shops")]))
        #expect(socket.drain() == ["READY=1\nSTATUS=Serving 3 shops"])
    }

    /// Found when a test read its socket only after start-up: ten watchdog pings filled the
    /// queue and the eleventh blocked the daemon's threads, so it never got ready.
    @Test("with the manager's queue full, watchdog and status pings are dropped instead of waiting")
    func fullQueueDropsPings() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(socketPath: socket.address)
        var delivered = 0
        // Far more than any queue length a kernel uses (`net.unix.max_dgram_qlen`, 10 by default).
        for _ in 0..<2000 where notifier.notify([.watchdog, .status("still here")]) { delivered += 1 }
        #expect(delivered < 2000)
        #expect(socket.drain().count == delivered)
        // With room again, a ping goes through.
        #expect(notifier.notify([.watchdog]))
    }

    @Test("every message has the wire form systemd expects, in the order sent")
    func wireForms() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(socketPath: socket.address)

        notifier.notify([.mainPID(4242)])
        notifier.notify([.watchdog])
        notifier.notify([.watchdogTrigger])
        notifier.notify([.errno(5)])
        notifier.notify([.stopping, .status("Draining outbox")])
        notifier.notify([.extendTimeout(.milliseconds(40_500))])

        #expect(
            socket.drain() == [
                "MAINPID=4242", "WATCHDOG=1", "WATCHDOG=trigger", "ERRNO=5",
                "STOPPING=1\nSTATUS=Draining outbox", "EXTEND_TIMEOUT_USEC=40500000",
            ])
    }

    @Test("a multi-line STATUS becomes one line, so it cannot smuggle in other assignments")
    func statusIsOneLine() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(socketPath: socket.address)

        notifier.notify([.status("Migrating\nREADY=1\r\nstep 2\n")])
        #expect(socket.drain() == ["STATUS=Migrating READY=1 step 2"])
    }

    @Test("RELOADING carries the current CLOCK_MONOTONIC, as notify-reload units require")
    func reloadingCarriesMonotonicTime() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(socketPath: socket.address)

        let before = monotonicMicroseconds()
        notifier.notify([.reloading])
        let after = monotonicMicroseconds()

        let datagrams = socket.drain()
        try #require(datagrams.count == 1)
        let lines = datagrams[0].split(separator: "\n")
        #expect(lines.first == "RELOADING=1")
        let stamp = try #require(lines.last?.split(separator: "=").last.flatMap { UInt64($0) })
        #expect(lines.last?.hasPrefix("MONOTONIC_USEC=") == true)
        #expect((before...after).contains(stamp))
    }

    @Test("an abstract-namespace socket (@name) receives notifications")
    func abstractSocket() throws {
        let socket = try NotifySocket(abstract: true)
        let notifier = SystemdNotifier(socketPath: socket.address)

        #expect(notifier.notify([.ready]))
        #expect(socket.drain() == ["READY=1"])
    }

    @Test("without a socket nothing is sent and nothing fails", arguments: [nil, ""] as [String?])
    func disabled(socketPath: String?) throws {
        let notifier = SystemdNotifier(socketPath: socketPath, watchdogTimeout: .seconds(30))

        #expect(!notifier.isEnabled)
        #expect(!notifier.isWatchdogEnabled)
        #expect(!notifier.notify([.ready, .status("Serving")]))
        try notifier.send([.ready, .watchdog])
        #expect(!SystemdNotifier.disabled.notify([.ready]))
    }

    @Test("an empty message list sends no datagram")
    func emptyList() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(socketPath: socket.address)

        #expect(!notifier.notify([]))
        #expect(socket.drain().isEmpty)
    }

    @Test("a socket nobody listens on is reported by send and survived by notify")
    func nobodyListening() throws {
        let notifier = SystemdNotifier(socketPath: "/tmp/restock-systemd-test-\(getpid())-absent.sock")

        #expect(!notifier.notify([.ready]))
        let error = #expect(throws: SystemdError.self) { try notifier.send([.ready]) }
        #expect(error?.code == .sendFailed)
        #expect(error?.systemErrno == ENOENT)
    }

    @Test("addresses sd_notify cannot use are rejected with a reason")
    func unusableAddresses() {
        let vsock = #expect(throws: SystemdError.self) {
            try SystemdNotifier(socketPath: "vsock:2:1234").send([.ready])
        }
        #expect(vsock?.code == .unsupportedAddress)

        let long = #expect(throws: SystemdError.self) {
            try SystemdNotifier(socketPath: "/tmp/" + String(repeating: "x", count: 200)).send([.ready])
        }
        #expect(long?.code == .addressTooLong)
    }
}

/// CLOCK_MONOTONIC in µs, read independently of the code under test.
func monotonicMicroseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
}
