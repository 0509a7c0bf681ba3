import Glibc

/// A bound `AF_UNIX` datagram socket standing in for systemd's notification socket.
///
/// Sending is synchronous for Unix datagram sockets (the kernel queues the datagram on the
/// receiver before `sendto` returns), so after a notifier call returns, `drain()` sees everything
/// it sent without waiting or timing.
public final class NotifySocket {
    /// The value systemd would put in `NOTIFY_SOCKET`: a path, or `@name` for abstract ones.
    public let address: String
    private let descriptor: Int32

    /// Binds a fresh socket under /tmp, or in the abstract namespace when `abstract` is true.
    public init(abstract: Bool = false) throws {
        let unique = "restock-systemd-test-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        address = abstract ? "@" + unique : "/tmp/\(unique).sock"
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SocketError(call: "socket", code: errno) }

        // Written out independently of the code under test so that a shared mistake in the
        // abstract-name length cannot make both sides agree on a wrong name.
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        let name = Array(unique.utf8)
        let length: Int
        if abstract {
            withUnsafeMutableBytes(of: &socketAddress.sun_path) {
                $0.baseAddress!.advanced(by: 1).copyMemory(from: name, byteCount: name.count)
            }
            length = MemoryLayout<sa_family_t>.size + 1 + name.count
        } else {
            let path = Array(address.utf8)
            withUnsafeMutableBytes(of: &socketAddress.sun_path) { $0.copyBytes(from: path) }
            length = MemoryLayout<sa_family_t>.size + path.count + 1
        }
        let result = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(length))
            }
        }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw SocketError(call: "bind", code: code)
        }
    }

    deinit {
        close(descriptor)
        if address.hasPrefix("/") { unlink(address) }
    }

    /// Waits up to `timeout` seconds for the next datagram; nil when none came. Used with a
    /// daemon in another process, whose messages arrive when it gets there.
    public func next(timeout seconds: Double) -> String? {
        var descriptorSet = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptorSet, 1, Int32(seconds * 1000)) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count >= 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }

    /// Every datagram queued so far, oldest first.
    public func drain() -> [String] {
        var datagrams: [String] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes {
                recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT))
            }
            guard count >= 0 else { return datagrams }
            datagrams.append(String(decoding: buffer[..<count], as: UTF8.self))
        }
    }
}

/// A failed system call while setting up the test socket.
public struct SocketError: Error {
    public let call: String
    public let code: Int32
}
