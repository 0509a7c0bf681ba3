import Logging
import ServiceLifecycle
import Synchronization

/// Up to ``Configuration/maximumConnections`` PostgreSQL connections shared by many tasks,
/// run as a `Service`: `run()` waits for graceful shutdown, then closes every connection.
///
/// Each connection lives in its own ``PostgresConnectionActor`` (its own thread), made
/// lazily when no idle one is free. When all are busy, callers wait in a FIFO queue, and a
/// returned connection goes straight to the longest waiter. A connection the server has closed
/// is replaced on its next use (see ``PostgresConnectionActor``); a statement that fails
/// because the connection broke is not retried (it may have run), but the next call gets a
/// fresh connection. Only ``ping()``, which has no effect, retries.
public final class PostgresPool: Service, Sendable {
    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<PostgresConnectionActor, any Error>
    }

    private struct State {
        var slots: [PostgresConnectionActor] = []
        var idle: [PostgresConnectionActor] = []
        var leased = 0
        var waiters: [Waiter] = []
        var lastWaiterID: UInt64 = 0
        var isClosed = false
        var drainWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// How the pool connects. The connection string may hold a password: never log it as is.
    public let configuration: Configuration
    private let logger: Logger
    private let state = Mutex(State())

    /// - Parameter logger: connects, reconnects and discards are logged here; nothing by default.
    public init(
        configuration: Configuration,
        logger: Logger = Logger(label: "libpq", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs `body` on a pooled connection, waiting for one if all are busy.
    ///
    /// Cancelling the task while waiting throws ``PostgresError/Code/cancelled``; while `body`
    /// runs, it cancels the running statement (see ``PostgresConnectionActor/withConnection(_:)``).
    /// After ``close()`` this throws ``PostgresError/Code/closed``.
    @discardableResult
    public func withConnection<T: Sendable>(
        _ body: @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        let slot = try await lease()
        let value: T
        do {
            value = try await slot.withConnection(body)
        } catch {
            await release(slot)
            throw error
        }
        await release(slot)
        return value
    }

    /// Runs `body` in a transaction on a pooled connection: committed when it returns,
    /// rolled back when it throws. See ``PostgresConnection/transaction(_:)``.
    @discardableResult
    public func transaction<T: Sendable>(
        _ body: @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        try await withConnection { connection in try connection.transaction(body) }
    }

    /// Checks the database answers (`SELECT 1`). Retried once on a connection error, which is
    /// safe because it changes nothing: the retry runs on a new connection.
    public func ping() async throws {
        do {
            try await withConnection { connection in _ = try connection.query("SELECT 1") }
        } catch let error as PostgresError where error.isConnectionError {
            logger.notice("postgres ping failed on a broken connection; retrying once")
            try await withConnection { connection in _ = try connection.query("SELECT 1") }
        }
    }

    /// Waits for graceful shutdown (or cancellation), then ``close()``s.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }

    /// Stops lending connections, fails the waiting callers with ``PostgresError/Code/closed``,
    /// closes idle connections now and busy ones as they come back, and returns when all are
    /// closed. Cancelling the calling task cancels the statements still running.
    public func close() async {
        let (idle, waiters) = state.withLock { state in
            defer {
                state.idle = []
                state.waiters = []
            }
            state.isClosed = true
            return (state.idle, state.waiters)
        }
        if !waiters.isEmpty || !idle.isEmpty {
            logger.debug("closing postgres pool", metadata: ["postgres.pool.waiters": "\(waiters.count)"])
        }
        for waiter in waiters { waiter.continuation.resume(throwing: Self.closedError) }
        for slot in idle { await slot.close() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let drained = state.withLock { state in
                    if state.leased == 0 { return true }
                    state.drainWaiters.append(continuation)
                    return false
                }
                if drained { continuation.resume() }
            }
        } onCancel: {
            for slot in state.withLock({ $0.slots }) { slot.cancelCurrentStatement() }
        }
        // Every connection is closed; dropping the actors ends their threads.
        state.withLock { $0.slots = [] }
    }

    private static let closedError = PostgresError(code: .closed, serverMessage: "the pool is closed")

    private func lease() async throws -> PostgresConnectionActor {
        let id = state.withLock { state in
            state.lastWaiterID += 1
            return state.lastWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let decision = state.withLock { state -> Result<PostgresConnectionActor, PostgresError>? in
                    if state.isClosed { return .failure(Self.closedError) }
                    // Checked under the lock the cancel handler takes: either it sees the
                    // waiter below, or this sees the cancellation.
                    if Task.isCancelled {
                        return .failure(PostgresError(code: .cancelled, serverMessage: "cancelled while waiting"))
                    }
                    if let slot = state.idle.popLast() {
                        state.leased += 1
                        return .success(slot)
                    }
                    if state.slots.count < configuration.maximumConnections {
                        var slotLogger = logger
                        slotLogger[metadataKey: "postgres.pool.connection"] = "\(state.slots.count + 1)"
                        let slot = PostgresConnectionActor(
                            connectionString: configuration.connectionString,
                            label: "libpq.pool.\(state.slots.count + 1)", logger: slotLogger)
                        state.slots.append(slot)
                        state.leased += 1
                        return .success(slot)
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let decision { continuation.resume(with: decision) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                state.waiters.firstIndex { $0.id == id }.map { state.waiters.remove(at: $0) }
            }
            waiter?.continuation.resume(
                throwing: PostgresError(code: .cancelled, serverMessage: "cancelled while waiting"))
        }
    }

    private func release(_ slot: PostgresConnectionActor) async {
        enum Next {
            case handOver(Waiter)
            case keep
            case close(drained: [CheckedContinuation<Void, Never>])
        }
        let next = state.withLock { state -> Next in
            if state.isClosed {
                state.leased -= 1
                guard state.leased == 0 else { return .close(drained: []) }
                defer { state.drainWaiters = [] }
                return .close(drained: state.drainWaiters)
            }
            if !state.waiters.isEmpty { return .handOver(state.waiters.removeFirst()) }
            state.leased -= 1
            state.idle.append(slot)
            return .keep
        }
        switch next {
        case .handOver(let waiter):
            waiter.continuation.resume(returning: slot)
        case .keep:
            break
        case .close(let drained):
            await slot.close()
            for continuation in drained { continuation.resume() }
        }
    }
}
