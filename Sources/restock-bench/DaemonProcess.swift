import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The real `restockd serve` binary as a child process: a free loopback port, a scratch data
/// directory, the store and secrets through the environment (as the systemd unit's
/// `EnvironmentFile=` would give them), its output in `restockd.log` in the data directory.
final class DaemonProcess {
    let port: UInt16
    let dataDirectory: String
    let logPath: String
    private let process = Process()

    /// The child's pid, for reading its memory from `/proc`.
    var processIdentifier: Int32 { process.processIdentifier }

    init(
        executable: String, storeURL: String, dataDirectory: String, webhookSecret: String, adminToken: String,
        settings: [String: String] = [:]
    ) throws {
        port = try KeepAliveConnection.freePort()
        self.dataDirectory = dataDirectory
        logPath = "\(dataDirectory)/restockd.log"
        process.executableURL = URL(fileURLWithPath: executable)
        // An empty env file of our own rather than the system one. Not `/dev/null`: restockd
        // (swift-configuration through Foundation) fails to read it with "permission denied".
        let envFile = "\(dataDirectory)/empty.env"
        guard FileManager.default.createFile(atPath: envFile, contents: Data()) else {
            throw BenchError("cannot create \(envFile)")
        }
        process.arguments = ["serve", "--port", "\(port)", "--data-dir", dataDirectory, "--env-file", envFile]
        // Only what we set: a RESTOCK_* or NOTIFY_SOCKET from the caller's shell would change
        // what is measured.
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("RESTOCK_") && !["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"].contains($0.key)
        }
        environment["RESTOCK_WEBHOOK_SECRET"] = webhookSecret
        environment["RESTOCK_ADMIN_TOKEN"] = adminToken
        environment["RESTOCK_STORE_URL"] = storeURL
        environment.merge(settings) { $1 }
        process.environment = environment
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw BenchError("cannot create \(logPath)")
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    /// Polls `GET /readyz` until it answers 200: migrations done, socket bound.
    func waitUntilReady(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw BenchError(
                    "restockd exited (status \(process.terminationStatus)) before it was ready; see \(logPath)")
            }
            if let connection = try? KeepAliveConnection(port: port, timeoutSeconds: 5),
                (try? connection.send(KeepAliveConnection.get("/readyz"))) == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError("restockd not ready after \(timeout); see \(logPath)")
    }

    /// SIGTERM (a graceful shutdown, as systemd stops it), SIGKILL after 10 s.
    func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<100 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(100))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// `restockd` next to this executable: both come out of the same `swift build` scratch path.
    static var besideThisExecutable: String {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("restockd").path
    }
}
