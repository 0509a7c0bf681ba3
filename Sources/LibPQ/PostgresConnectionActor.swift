import Logging
import Threading

/// Owns one ``PostgresConnection`` and runs everything on it on its own thread, so the
/// blocking libpq calls never occupy a thread of Swift's cooperative pool.
///
/// The connection is made on first use and made again after it breaks: before each use the
/// actor reads what the server sent while the connection was idle (``PostgresConnection/checkHealth()``),
/// so a connection the server has closed (restart, `pg_terminate_backend`) is replaced before a
/// statement is risked on it; after each use, one that failed with a connection error or was
/// left inside a transaction is closed. Model: GRDB's `SerializedDatabase`.
public actor PostgresConnectionActor {
    private let executor: WorkerThread
    private let connectionString: String
    private let logger: Logger
    private let relay = CancellationRelay()
    private var connection: PostgresConnection?

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    deinit {
        executor.stop()
    }

    /// - Parameters:
    ///   - connectionString: passed to `PQconnectdb` untouched; see ``PostgresConnection/init(connectionString:)``.
    ///   - label: names the actor's thread (visible in debuggers; Linux keeps 15 characters).
    ///   - logger: connects, reconnects and discards are logged here; nothing by default.
    public init(
        connectionString: String, label: String = "libpq.connection",
        logger: Logger = Logger(label: "libpq", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.executor = WorkerThread(name: label)
        self.connectionString = connectionString
        self.logger = logger
    }

    /// Runs `body` with the connection, connecting first if needed.
    ///
    /// Cancelling the calling task cancels the statement running in `body` (`PQcancel`), and
    /// makes any later statement in `body` throw before it is sent; either way the error has
    /// code ``PostgresError/Code/cancelled``. Connecting itself is not interruptible: bound it
    /// with `connect_timeout` in the connection string.
    @discardableResult
    public func withConnection<T: Sendable>(_ body: (PostgresConnection) throws -> T) async throws -> T {
        if Task.isCancelled { throw PostgresError(code: .cancelled, serverMessage: "the task was cancelled") }
        let connection = try connectIfNeeded()
        let ticket = relay.begin(token: connection.cancelToken)
        defer {
            relay.end(ticket)
            discardIfSpoiled(connection)
        }
        return try await withTaskCancellationHandler {
            // `self.run`, called without `await`, keeps `body` on this actor's thread: a closure
            // that did not mention `self` would be nonisolated and run on the cooperative pool.
            try self.run(body, on: connection)
        } onCancel: { [relay] in
            relay.requestCancel(ticket)
        }
    }

    private func run<T>(_ body: (PostgresConnection) throws -> T, on connection: PostgresConnection) throws -> T {
        // Checked after `begin`: a cancel from now on finds the ticket; one before is seen here.
        if Task.isCancelled { throw PostgresError(code: .cancelled, serverMessage: "the task was cancelled") }
        return try body(connection)
    }

    /// Whether a connection is open and was healthy when last used.
    public var isConnected: Bool { connection?.isUsable ?? false }

    /// Closes the connection; the next ``withConnection(_:)`` connects again.
    public func close() {
        connection?.close()
        connection = nil
    }

    /// Cancels the statement running right now, if any; callable from anywhere.
    public nonisolated func cancelCurrentStatement() {
        relay.cancelCurrent()
    }

    private func connectIfNeeded() throws -> PostgresConnection {
        if let connection {
            if connection.checkHealth() { return connection }
            logger.notice("postgres connection was closed by the server; reconnecting")
            close()
        }
        logger.debug("connecting to postgres")
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection(connectionString: connectionString)
        } catch let error as PostgresError {
            logger.warning("could not connect to postgres", metadata: ["postgres.error": "\(error)"])
            throw error
        }
        logger.debug(
            "connected to postgres", metadata: ["postgres.backend.pid": "\(connection.backendPID)"])
        self.connection = connection
        return connection
    }

    private func discardIfSpoiled(_ connection: PostgresConnection) {
        if !connection.isUsable {
            logger.notice("discarding broken postgres connection")
            close()
        } else if connection.transactionStatus != .idle {
            // The next user would silently run inside someone else's transaction.
            logger.warning("discarding postgres connection left inside a transaction")
            close()
        }
    }
}
