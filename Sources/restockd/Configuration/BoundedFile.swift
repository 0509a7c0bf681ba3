import Foundation
import SystemPackage

/// Reads a file the operator or systemd hands the daemon (the env file, a credential, a DKIM
/// key) at most `limit` bytes deep: a path that names a device or a log by mistake is refused
/// naming the key, instead of filling memory.
enum BoundedFile {
    enum Contents: Equatable {
        case bytes(Data)
        case missing
        /// This user may not open it (the root-only env file, read by the service's own user).
        case denied
    }

    /// What is at `path`. Anything but a missing or forbidden file that stops the read is a
    /// ``ConfigError`` for `key`, whose problem names `label` and the path.
    static func read(_ path: String, limit: Int, key: String, label: String) throws -> Contents {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(FilePath(path), .readOnly)
        } catch Errno.noSuchFileOrDirectory {
            return .missing
        } catch Errno.permissionDenied {
            return .denied
        } catch {
            throw ConfigError(key: key, problem: "cannot read \(label) \(path): \(error)")
        }
        defer { try? descriptor.close() }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while data.count <= limit {
            let count: Int
            do {
                count = try buffer.withUnsafeMutableBytes { try descriptor.read(into: $0) }
            } catch {
                throw ConfigError(key: key, problem: "cannot read \(label) \(path): \(error)")
            }
            if count == 0 { return .bytes(data) }
            data.append(contentsOf: buffer[..<count])
        }
        throw ConfigError(key: key, problem: "\(label) \(path) is larger than \(limit) bytes")
    }

    /// The file's bytes, nil when there is none; a file this user may not read is refused.
    static func readIfPresent(_ path: String, limit: Int, key: String, label: String) throws -> Data? {
        switch try read(path, limit: limit, key: key, label: label) {
        case .bytes(let data): return data
        case .missing: return nil
        case .denied: throw ConfigError(key: key, problem: "cannot read \(label) \(path): \(Errno.permissionDenied)")
        }
    }
}
