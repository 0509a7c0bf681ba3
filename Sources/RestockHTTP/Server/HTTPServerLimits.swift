/// What one connection may hold of the server, so a slow or greedy client cannot keep a worker
/// (``GuardedHTTP1Channel``). Keys (read in `restockd`, `HTTPConfiguration+ConfigReader.swift`):
/// - `restock.http.idleTimeoutSeconds` (int, default 30): a connection with no request in
///   progress is closed after this long, keep-alive or not.
/// - `restock.http.headerTimeoutSeconds` (int, default 10): from a request's first byte to the
///   end of its header block; a client that trickles headers is disconnected.
/// - `restock.http.bodyTimeoutSeconds` (int, default 30): from the end of the headers to the
///   end of the body; a client that trickles its body is disconnected.
/// - `restock.http.maxHeaderBytes` (int, default 16384): the request line and headers together;
///   beyond it (or beyond 100 header fields) the request gets 400 and the connection is closed.
/// - `restock.http.maxConnections` (int, default 1024): open connections; a connection beyond
///   it is closed as soon as it is accepted, while the open ones are served.
public struct HTTPServerLimits: Sendable, Equatable {
    public var idleTimeoutSeconds: Double
    public var headerTimeoutSeconds: Double
    public var bodyTimeoutSeconds: Double
    public var maxHeaderBytes: Int
    public var maxConnections: Int

    public init(
        idleTimeoutSeconds: Double = 30, headerTimeoutSeconds: Double = 10, bodyTimeoutSeconds: Double = 30,
        maxHeaderBytes: Int = 16 * 1024, maxConnections: Int = 1024
    ) {
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.headerTimeoutSeconds = headerTimeoutSeconds
        self.bodyTimeoutSeconds = bodyTimeoutSeconds
        self.maxHeaderBytes = maxHeaderBytes
        self.maxConnections = maxConnections
    }
}
