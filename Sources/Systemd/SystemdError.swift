#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Why a notification did not reach systemd's notification socket.
public struct SystemdError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: Sendable, Hashable {
        /// `NOTIFY_SOCKET` is neither an absolute path nor an `@abstract` name (for example the
        /// `vsock:` form of systemd ≥ 254, which only matters inside virtual machines).
        case unsupportedAddress
        /// The address does not fit in `sockaddr_un.sun_path` (108 bytes on Linux).
        case addressTooLong
        /// `socket(2)` failed; see `systemErrno`.
        case socketFailed
        /// `sendto(2)` failed; see `systemErrno` (`ECONNREFUSED`/`ENOENT` when nobody listens).
        case sendFailed
    }

    /// What went wrong.
    public let code: Code
    /// The notification socket address that was used.
    public let socketPath: String
    /// `errno` after the failing system call, or 0 for address errors.
    public let systemErrno: Int32

    /// Creates an error; public so callers can build expected values in tests.
    public init(code: Code, socketPath: String, systemErrno: Int32 = 0) {
        self.code = code
        self.socketPath = socketPath
        self.systemErrno = systemErrno
    }

    public var description: String {
        let reason =
            switch code {
            case .unsupportedAddress: "address is neither an absolute path nor @abstract"
            case .addressTooLong: "address is longer than sun_path allows"
            case .socketFailed: "socket(): \(String(cString: strerror(systemErrno)))"
            case .sendFailed: "sendto(): \(String(cString: strerror(systemErrno)))"
            }
        return "systemd notification to \(socketPath) failed: \(reason)"
    }
}
