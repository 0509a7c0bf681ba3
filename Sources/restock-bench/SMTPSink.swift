import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// postfix's `smtp-sink` on a free loopback port: answers every command at once and throws the
/// mail away (or dumps each message to a file, for the latency benchmark). The fastest SMTP
/// server this machine has, so what it measures is the client.
final class SMTPSink {
    static let sinkPath = "/usr/sbin/smtp-sink"
    static let sourcePath = "/usr/sbin/smtp-source"

    let port: UInt16
    private let process = Process()

    var url: String { "smtp://127.0.0.1:\(port)" }

    /// - Parameter dumpDirectory: when set, each message is written to a file in it (named by
    ///   smtp-sink: `m.` and a random suffix).
    init(dumpDirectory: String? = nil) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.sinkPath),
            FileManager.default.isExecutableFile(atPath: Self.sourcePath)
        else { throw BenchError("smtp-sink and smtp-source not found: install postfix (deploy/install-deps --test)") }
        port = try KeepAliveConnection.freePort()
        var arguments: [String] = []
        // smtp-sink refuses to keep root privileges; `nobody` must then be able to write dumps.
        if geteuid() == 0 { arguments += ["-u", "nobody"] }
        if let dumpDirectory {
            try FileManager.default.createDirectory(atPath: dumpDirectory, withIntermediateDirectories: true)
            chmod(dumpDirectory, 0o777)
            arguments += ["-d", dumpDirectory + "/m."]
        }
        process.executableURL = URL(fileURLWithPath: Self.sinkPath)
        process.arguments = arguments + ["127.0.0.1:\(port)", "1024"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            if (try? KeepAliveConnection(port: port, timeoutSeconds: 1)) != nil { return }
            usleep(20_000)
        }
        stop()
        throw BenchError("smtp-sink did not listen on 127.0.0.1:\(port)")
    }

    /// SIGKILL: smtp-sink keeps running on SIGTERM while clients are connected, and nothing it
    /// holds needs a clean exit.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<500 where process.isRunning { usleep(10_000) }
    }

    deinit { stop() }

    /// postfix's `smtp-source` sending `messages` copies of `message` over `sessions` parallel
    /// connections, each kept open for message after message (`-d`): what this machine can do
    /// with no outbox, templates or signing at all. Returns messages per second.
    func sourceRate(messages: Int, sessions: Int, message: [UInt8]) throws -> Double {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("restock-bench-\(port).eml")
        try Data(message).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let source = Process()
        source.executableURL = URL(fileURLWithPath: Self.sourcePath)
        source.arguments = [
            "-d", "-s", "\(sessions)", "-m", "\(messages)", "-F", file.path, "-f", "shop@shop.example",
            "-t", "shopper@example.com", "127.0.0.1:\(port)",
        ]
        let start = ContinuousClock.now
        try source.run()
        // Polled: Foundation's waitUntilExit spins a run loop on one of the two cores.
        while source.isRunning { usleep(500) }
        let elapsed = (ContinuousClock.now - start).seconds
        guard source.terminationStatus == 0 else { throw BenchError("smtp-source exited \(source.terminationStatus)") }
        return Double(messages) / elapsed
    }
}
