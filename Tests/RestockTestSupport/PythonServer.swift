import Foundation

/// A server written in Python for a test, run by Debian's `/usr/bin/python3` (which has the
/// modules `deploy/install-deps --test` installs, whatever `python3` is first on PATH). The
/// script binds a free loopback port and prints it as its first line.
public final class PythonServer: @unchecked Sendable {
    public let port: Int
    private let process: Process

    public init(script: String, arguments: [String] = []) throws {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw TestSupportError("\(python) is missing: run deploy/install-deps --test")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let line = String(decoding: output.fileHandleForReading.readLine(), as: UTF8.self)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.waitUntilExit()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw TestSupportError("a Python test server did not start (run deploy/install-deps --test): \(message)")
        }
        self.port = port
    }

    deinit { stop() }

    /// SIGKILL: a child of the test process inherits its blocked signals, SIGTERM among them,
    /// so `terminate()` may never arrive. A test server has nothing to flush.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// A test helper that could not do its job; the message says how to fix the machine.
public struct TestSupportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension FileHandle {
    /// Bytes up to the first newline (or end of file), read one at a time: enough for a line
    /// of start-up output.
    func readLine() -> Data {
        var line = Data()
        while let byte = try? read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") {
            line.append(first)
        }
        return line
    }
}
