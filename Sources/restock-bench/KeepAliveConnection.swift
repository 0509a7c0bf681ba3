#if canImport(Glibc)
    import Glibc
#endif

/// One blocking HTTP/1.1 connection to a loopback port, reused for every request it sends.
///
/// Deliberately tiny (POSIX sockets, no event loop, no parsing beyond the status line,
/// `Content-Length` and chunked framing), so the load generator costs far less CPU than the
/// daemon it measures on the same two cores. Not `Sendable`: one thread owns it.
final class KeepAliveConnection {
    private let socket: Int32
    /// Bytes received and not yet consumed by a response.
    private var pending: [UInt8] = []
    /// Reused for every `recv`.
    private var chunk = [UInt8](repeating: 0, count: 16 * 1024)

    /// Connects to `127.0.0.1:port`. `timeoutSeconds` bounds every later read and write, so a
    /// wedged daemon fails the benchmark instead of hanging it.
    init(port: UInt16, timeoutSeconds: Int = 30) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw BenchError("socket(): errno \(errno)") }
        var noDelay: Int32 = 1
        // Without it, Nagle's algorithm holds back the body written after the headers.
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = Self.loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let error = errno
            Glibc.close(socket)
            throw BenchError("connect to 127.0.0.1:\(port): errno \(error)")
        }
    }

    deinit { Glibc.close(socket) }

    /// Sends one complete request and returns the response's status code once its body has been
    /// read, so the next request can follow on the same connection.
    func send(_ request: [UInt8]) throws -> Int {
        var written = 0
        while written < request.count {
            let count = request.withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress! + written, request.count - written, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { throw BenchError("send: errno \(errno)") }
            written += count
        }
        return try readResponse()
    }

    /// A GET with no body, e.g. for `/readyz`.
    static func get(_ path: String) -> [UInt8] {
        Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
    }

    private func readResponse() throws -> Int {
        let headerEnd = try readUntilHeadersEnd()
        let head = String(decoding: pending[..<headerEnd], as: UTF8.self)
        pending.removeFirst(headerEnd + 4)
        let lines = head.split(separator: "\r\n")
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1.1 "),
            let status = Int(statusLine.dropFirst(9).prefix(3))
        else { throw BenchError("malformed status line: \(lines.first ?? "")") }
        var contentLength = 0
        var chunked = false
        for line in lines.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1).map { String($0.drop { $0 == " " }) }
            guard parts.count == 2 else { continue }
            switch parts[0].lowercased() {
            case "content-length": contentLength = Int(parts[1]) ?? 0
            case "transfer-encoding": chunked = parts[1].lowercased().contains("chunked")
            default: break
            }
        }
        if chunked {
            try skipChunkedBody()
        } else {
            try fill(atLeast: contentLength)
            pending.removeFirst(contentLength)
        }
        return status
    }

    private func readUntilHeadersEnd() throws -> Int {
        var searchFrom = 0
        while true {
            if pending.count >= 4 {
                for i in searchFrom...(pending.count - 4)
                where pending[i] == 13 && pending[i + 1] == 10 && pending[i + 2] == 13 && pending[i + 3] == 10 {
                    return i
                }
                searchFrom = pending.count - 3
            }
            try receive()
        }
    }

    private func skipChunkedBody() throws {
        while true {
            let lineEnd = try readLine()
            let size =
                Int(String(decoding: pending[..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16) ?? 0
            pending.removeFirst(lineEnd + 2)
            try fill(atLeast: size + 2)
            pending.removeFirst(size + 2)
            if size == 0 { return }
        }
    }

    private func readLine() throws -> Int {
        while true {
            if let at = pending.indices.dropLast().first(where: { pending[$0] == 13 && pending[$0 + 1] == 10 }) {
                return at
            }
            try receive()
        }
    }

    private func fill(atLeast count: Int) throws {
        while pending.count < count { try receive() }
    }

    private func receive() throws {
        let count = chunk.withUnsafeMutableBytes { Glibc.recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else {
            throw BenchError(count == 0 ? "connection closed by the daemon" : "recv: errno \(errno)")
        }
        pending += chunk[..<count]
    }

    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    /// A port nobody listens on right now: bind port 0, read what the kernel chose, close. Another
    /// process could take it before the daemon binds; on a benchmark machine that is unlikely,
    /// and the daemon would then fail to start loudly.
    static func freePort() throws -> UInt16 {
        let probe = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(probe) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(probe, $0, length) == 0 && getsockname(probe, $0, &length) == 0
            }
        }
        guard ok else { throw BenchError("cannot find a free port: errno \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }
}
