import Foundation

/// A real, tiny file system (tmpfs of a few KiB) for tests of what happens when the disk is
/// full. Mounting needs root (or CAP_SYS_ADMIN); ``available`` says whether this machine lets the
/// test mount one, so a test can be skipped, saying why, where it cannot.
public final class TinyDisk: Sendable {
    public let path: String

    /// Whether a tmpfs can be mounted here: root, and a kernel that allows it (not in every
    /// container).
    public static let available: Bool = {
        guard getuid() == 0, let disk = try? TinyDisk(kilobytes: 64) else { return false }
        disk.unmount()
        return true
    }()

    public init(kilobytes: Int) throws {
        path = NSTemporaryDirectory() + "restock-tinydisk-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let status = try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k,mode=0755", "tmpfs", path])
        guard status == 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw TestSupportError("mount -t tmpfs failed with status \(status) (needs root)")
        }
    }

    /// Fills the disk with one file, `filler`, until a write fails with ENOSPC.
    public func fill() throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: filler, isDirectory: false))
        defer { try? handle.close() }
        let block = Data(repeating: 0, count: 1024)
        while (try? handle.write(contentsOf: block)) != nil {}
    }

    /// Frees what ``fill()`` took, as an operator would by deleting old files.
    public func free() throws { try FileManager.default.removeItem(atPath: filler) }

    private var filler: String {
        let file = path + "/filler"
        if !FileManager.default.fileExists(atPath: file) {
            _ = FileManager.default.createFile(atPath: file, contents: nil)
        }
        return file
    }

    public func unmount() {
        _ = try? Self.run("/bin/umount", ["-l", path])
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
