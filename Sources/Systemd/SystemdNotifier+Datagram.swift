#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension SystemdNotifier {
    /// Sends `payload` as one `AF_UNIX` datagram to `address`, the way `sd_notify()` does.
    ///
    /// A fresh socket per call, as in libsystemd: notifications are rare, and no descriptor has
    /// to outlive a `Sendable` value. With `waiting` the send blocks like `sd_notify()` while
    /// the receiver's queue is full; without it (`MSG_DONTWAIT`) it fails with `EAGAIN` instead.
    static func sendDatagram(_ payload: String, to address: String, waiting: Bool = true) throws(SystemdError) {
        var socketAddress = sockaddr_un()
        let length = try fill(&socketAddress, with: address)

        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            throw SystemdError(code: .socketFailed, socketPath: address, systemErrno: errno)
        }
        defer { close(descriptor) }

        var bytes = Array(payload.utf8)
        let sent = withUnsafePointer(to: &socketAddress) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketPointer in
                bytes.withUnsafeMutableBytes { buffer in
                    var result: Int
                    repeat {
                        // MSG_NOSIGNAL: a vanished receiver must give EPIPE, not kill us with SIGPIPE.
                        result = sendto(
                            descriptor, buffer.baseAddress, buffer.count,
                            Int32(MSG_NOSIGNAL) | (waiting ? 0 : Int32(MSG_DONTWAIT)),
                            socketPointer, length)
                    } while result < 0 && errno == EINTR
                    return result
                }
            }
        }
        guard sent >= 0 else {
            throw SystemdError(code: .sendFailed, socketPath: address, systemErrno: errno)
        }
    }

    /// Writes `address` into `socketAddress` and returns the address length to pass to `sendto`.
    ///
    /// `/path` is NUL-terminated. `@name` is Linux's abstract namespace: `sun_path[0]` is NUL and
    /// the name's bytes follow with no terminator, and the length must cover exactly those bytes,
    /// since trailing NULs would be part of the name (unix(7)). libsystemd's
    /// `sockaddr_un_set_path()` does the same.
    static func fill(_ socketAddress: inout sockaddr_un, with address: String) throws(SystemdError)
        -> socklen_t
    {
        let bytes = Array(address.utf8)
        let isAbstract = bytes.first == UInt8(ascii: "@")
        guard (isAbstract && bytes.count > 1) || bytes.first == UInt8(ascii: "/") else {
            throw SystemdError(code: .unsupportedAddress, socketPath: address)
        }
        let capacity = MemoryLayout.size(ofValue: socketAddress.sun_path)
        let used = isAbstract ? bytes.count : bytes.count + 1
        guard used <= capacity else {
            throw SystemdError(code: .addressTooLong, socketPath: address)
        }

        socketAddress.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { path in
            path.copyBytes(from: bytes)
            if isAbstract { path[0] = 0 }
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? MemoryLayout<sa_family_t>.size
        return socklen_t(pathOffset + used)
    }
}
