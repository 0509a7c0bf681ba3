import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Writes each message to `<directory>/<messageID>.eml` instead of sending it: the embedded
/// default, for shops that have no SMTP relay yet and for looking at what would go out.
///
/// The file is written to a temporary name in the same directory, `fsync`ed, then renamed over the
/// final name, and the directory is `fsync`ed too. `rename(2)` is atomic within a file system
/// ("If newpath already exists, it will be atomically replaced"), so a reader sees the old file or
/// the whole new one, never half of it, and a resend after a crash replaces the earlier copy of
/// the same message rather than adding a second.
public struct FileTransport: MailTransport {
    public let directory: String

    public var kind: String { "file" }

    public init(directory: String) {
        self.directory = directory
    }

    /// Blocking file I/O (`fsync` can take long on a busy disk) runs on a Dispatch queue, so it
    /// never holds a thread of Swift's cooperative pool.
    ///
    /// A file that cannot be written (a full disk, a read-only or missing directory) is a fault
    /// of the path, ``PathFault/Reason/disk``: the next message would meet it too, so the
    /// dispatcher pauses instead of failing messages. A Message-ID that cannot name a file is
    /// this message's own fault and stays a ``MailError``.
    public func send(_ envelope: MailEnvelope) async throws -> TransportReply {
        let name = try Self.fileName(for: envelope.messageID)
        let directory = self.directory
        let data = envelope.data
        let written = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .utility).async {
                continuation.resume(
                    returning: Result { () throws(MailError) -> String in
                        try Self.persist(data, directory: directory, name: name)
                    })
            }
        }
        switch written {
        case .success(let path): return TransportReply(code: 250, text: "written to \(path)")
        case .failure(let error): throw TransportError(.path(.disk), detail: error.debugDescription)
        }
    }

    /// `<messageID>.eml`, refusing ids that could name a file outside the directory (`/`, `..`)
    /// or collide with our temporary files (a leading `.`), and ids too long for a file name.
    static func fileName(for messageID: String) throws(MailError) -> String {
        let refused =
            messageID.isEmpty || messageID.hasPrefix(".") || messageID.contains("/") || messageID.contains("..")
            || messageID.unicodeScalars.contains { $0.value < 0x20 || $0 == "\\" } || messageID.utf8.count > 240
        if refused {
            throw MailError(.invalidMessageID, field: "Message-ID", details: messageID)
        }
        return messageID + ".eml"
    }

    private static func persist(_ data: [UInt8], directory: String, name: String) throws(MailError) -> String {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw MailError(.writeFailed, details: "mkdir \(directory): \(error)")
        }
        let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        let temporary = "\(directory)/.\(name).\(UInt64.random(in: 0...UInt64.max)).tmp"
        // 0640: a message names its recipient; only the daemon and its group may read it.
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw failure("open", temporary) }
        var written = 0
        while written < data.count {
            let count = data.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                let error = failure("write", temporary)
                close(fd)
                unlink(temporary)
                throw error
            }
            written += count
        }
        guard fsync(fd) == 0 else {
            let error = failure("fsync", temporary)
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let error = failure("rename", path)
            unlink(temporary)
            throw error
        }
        // The rename is durable only once the directory entry is on disk too.
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
        return path
    }

    private static func failure(_ call: String, _ path: String) -> MailError {
        MailError(.writeFailed, details: "\(call) \(path): \(String(cString: strerror(errno)))")
    }
}
