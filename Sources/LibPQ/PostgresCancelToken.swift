import CLibPQ

/// Asks the server to cancel whatever statement one connection is running, from any thread.
///
/// Wraps a `PGcancel*` from `PQgetCancel`. It is `Sendable` because libpq makes it so: "The
/// PGcancel object is read-only as far as PQcancel is concerned, so it can also be invoked from
/// a thread that is separate from the one manipulating the PGconn object", and `PQcancel` "can
/// safely be invoked from a signal handler" (libpq docs, 34.7 Canceling Queries in Progress).
/// The token holds its own copy of the server address, so it stays valid after the connection
/// is closed (a cancel then simply finds nothing to cancel).
public final class PostgresCancelToken: @unchecked Sendable {
    private let handle: OpaquePointer

    init?(connection: OpaquePointer) {
        guard let handle = PQgetCancel(connection) else { return nil }
        self.handle = handle
    }

    deinit { PQfreeCancel(handle) }

    /// Sends a cancel request over a new, short connection and returns whether it was sent.
    ///
    /// Blocks for that round trip, so call it off the cooperative pool. Sending is no promise:
    /// a statement that finishes first is not affected, and one that has not reached the
    /// server yet is not cancelled either (the server ignores cancels while idle).
    @discardableResult
    public func cancel() -> Bool {
        var message = [CChar](repeating: 0, count: 256)
        return PQcancel(handle, &message, Int32(message.count)) == 1
    }
}
