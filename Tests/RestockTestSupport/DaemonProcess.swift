import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real `restockd` process for tests that need what a router test cannot give: signals,
/// SIGKILL, a notify socket, a bound port.
public final class DaemonProcess: @unchecked Sendable {
    // @unchecked: `Process` is not Sendable; a test owns one DaemonProcess and uses it from its
    // own task only.
    public let process = Process()
    public let port: Int
    public let dataDirectory: String
    let output: FileHandle

    /// The built `restockd` next to the test bundle (`swift build` puts them in one folder), or
    /// `RESTOCK_BINARY`.
    public static var binary: String {
        if let path = ProcessInfo.processInfo.environment["RESTOCK_BINARY"] { return path }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = exe.deletingLastPathComponent()
        // Inside an .xctest bundle directory on some layouts: climb out of it.
        while directory.path.hasSuffix(".xctest") || directory.lastPathComponent == "Contents" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("restockd").path
    }

    /// A free TCP port on loopback, found by binding port 0.
    public static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts `restockd serve` with a clean environment plus `environment`, data in
    /// `dataDirectory`, bound to a free port.
    public init(dataDirectory: String, port: Int? = nil, environment: [String: String] = [:], arguments: [String] = [])
        throws
    {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw DaemonError(
                "restockd binary not found at \(Self.binary): run `swift build` first or set RESTOCK_BINARY")
        }
        self.port = port ?? Self.freePort()
        self.dataDirectory = dataDirectory
        process.executableURL = URL(fileURLWithPath: Self.binary)
        // An empty env file of our own, so the host's /etc/restockd/restockd.env never leaks in.
        let envFile = dataDirectory + ".env"
        _ = FileManager.default.createFile(atPath: envFile, contents: Data())
        process.arguments =
            [
                "serve", "--port", String(self.port), "--data-dir", dataDirectory,
                "--env-file", envFile,
            ] + arguments
        var env = ["PATH": "/usr/bin:/bin", "RESTOCK_LOG_LEVEL": "notice"]
        env.merge(environment) { $1 }
        process.environment = env
        let logPath = dataDirectory + ".log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        output = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    /// What the daemon printed, for failure messages.
    public var log: String { (try? String(contentsOfFile: dataDirectory + ".log", encoding: .utf8)) ?? "" }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Polls `/readyz` until it answers 200, the process exits, or `timeout` passes.
    public func waitUntilReady(timeout: Double = 60) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard process.isRunning else {
                throw DaemonError("restockd exited (\(process.terminationStatus)):\n\(log)")
            }
            if let (status, _) = try? await HTTP.request("GET", baseURL + "/readyz"), status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw DaemonError("restockd not ready after \(timeout)s:\n\(log)")
    }

    public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to end and returns its exit status.
    @discardableResult
    public func waitForExit(timeout: Double = 30) async throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else {
                signal(SIGKILL)
                throw DaemonError("restockd did not exit within \(timeout)s:\n\(log)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? output.close()
    }
}

/// A failure to start or talk to the daemon, with its log.
public struct DaemonError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A minimal HTTP client for talking to a daemon process.
public enum HTTP {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        return URLSession(configuration: configuration)
    }()

    public static func request(_ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil)
        async throws -> (status: Int, body: Data)
    {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response) = try await session.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, data)
    }
}
