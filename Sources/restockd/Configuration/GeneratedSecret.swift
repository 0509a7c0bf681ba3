import Foundation

/// A secret the daemon makes itself on first run and keeps in the data directory (mode 0600), so
/// `restockd serve` works with no configuration and the operator can read the value from one
/// place. A configured value always wins.
enum GeneratedSecret {
    static func path(name: String, in directory: String) -> String { "\(directory)/\(name)" }

    static func load(name: String, in directory: String, prefix: String = "") throws -> String {
        let path = path(name: name, in: directory)
        if let existing = try? String(contentsOfFile: path, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines), !existing.isEmpty
        {
            return existing
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = generator.next() }
        let value = prefix + Data(bytes).base64EncodedString()
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data((value + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw ConfigError(key: "restock.dataDir", problem: "cannot write \(path)")
        }
        return value
    }
}
