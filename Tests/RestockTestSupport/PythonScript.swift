import Foundation

/// Runs a Python script with Debian's `/usr/bin/python3`, which has the modules
/// `deploy/install-deps --test` installs (the email package, dkimpy, aiosmtpd), whatever
/// `python3` comes first on PATH. A script exits 3 when a module it needs is missing.
public enum PythonScript {
    public static let python = "/usr/bin/python3"

    /// Runs `script` with `input` on stdin and returns its stdout. Files rather than pipes carry
    /// stdin and stdout, so a large message cannot deadlock the two processes on a full pipe.
    public static func run(_ script: String, input: [UInt8], arguments: [String] = []) async throws -> Data {
        try await OffPool.run { try runBlocking(script, input: input, arguments: arguments) }
    }

    static func runBlocking(_ script: String, input: [UInt8], arguments: [String]) throws -> Data {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw TestSupportError("\(python) is missing: run `deploy/install-deps --test`")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("restock-python-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inputURL = scratch.appendingPathComponent("stdin")
        let outputURL = scratch.appendingPathComponent("stdout")
        let errorURL = scratch.appendingPathComponent("stderr")
        try Data(input).write(to: inputURL)
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + arguments
        process.standardInput = try FileHandle(forReadingFrom: inputURL)
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        try process.run()
        process.waitUntilExit()

        let output = try Data(contentsOf: outputURL)
        let errors = String(decoding: try Data(contentsOf: errorURL), as: UTF8.self)
        switch process.terminationStatus {
        case 0:
            return output
        case 3:
            throw TestSupportError(
                "\(errors.trimmingCharacters(in: .whitespacesAndNewlines)): run `deploy/install-deps --test`")
        default:
            throw TestSupportError("python exited with \(process.terminationStatus):\n\(errors)")
        }
    }

    /// ``run(_:input:arguments:)`` for a script that prints one line: that line, trimmed.
    public static func run(_ script: String, input: [UInt8]) async throws -> String {
        String(decoding: try await run(script, input: input, arguments: []) as Data, as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
