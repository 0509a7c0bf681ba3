import RestockCore
import Synchronization

/// Commits concurrent deliveries together: one transaction, one fsync, for everything that
/// arrived while the previous commit was running. Each delivery runs in its own savepoint, so a
/// bad one fails alone, and each caller is answered only after the shared commit, so
/// "acknowledged" still means "durable".
///
/// The commit is the ceiling of a single writer: on SQLite about half the writer's time for one
/// small delivery was `fdatasync`. A lone delivery waits for nobody; batching only happens when
/// deliveries are already queueing behind a commit.
final class GroupCommit: Sendable {
    typealias Body = @Sendable (any StoreTransaction) throws -> (IngestResult, TransactionWork)

    struct Job: Sendable {
        let body: Body
        let continuation: CheckedContinuation<(IngestResult, TransactionWork), any Error>
    }

    struct Queue {
        var pending: [Job] = []
        var flushers = 0
    }

    let store: any RestockStore
    let maxBatch: Int
    /// Batches committing side by side: the store's concurrent writers.
    let maxFlushers: Int
    let queue = Mutex(Queue())

    init(store: any RestockStore, maxBatch: Int = 64) {
        self.store = store
        self.maxBatch = maxBatch
        self.maxFlushers = max(1, store.concurrentWriters)
    }

    /// Runs `body` in the next shared transaction and returns what it returned once that
    /// committed.
    func submit(_ body: @escaping Body) async throws -> (IngestResult, TransactionWork) {
        try await withCheckedThrowingContinuation { continuation in
            let startFlushing = queue.withLock { queue in
                queue.pending.append(Job(body: body, continuation: continuation))
                guard queue.flushers < maxFlushers else { return false }
                queue.flushers += 1
                return true
            }
            // Its own task rather than the caller's: a client that hangs up cancels its request
            // task, and that must not cancel the commit the other deliveries are waiting for.
            if startFlushing { Task { await self.flush() } }
        }
    }

    /// Commits batches until nothing is pending.
    func flush() async {
        while true {
            let batch = queue.withLock { queue -> [Job] in
                guard !queue.pending.isEmpty else {
                    queue.flushers -= 1
                    return []
                }
                // Share the queue among the flushers, so parallel batches stay parallel.
                let share = (queue.pending.count + maxFlushers - 1) / maxFlushers
                let batch = Array(queue.pending.prefix(min(maxBatch, max(1, share))))
                queue.pending.removeFirst(batch.count)
                return batch
            }
            guard !batch.isEmpty else { return }
            let bodies = batch.map(\.body)
            let outcomes: [Result<(IngestResult, TransactionWork), any Error>]
            do {
                outcomes = try await store.transaction { tx in
                    // A delivery alone needs no savepoint: its error propagates and rolls back the
                    // transaction, which holds nothing else. Two round trips fewer on PostgreSQL.
                    guard bodies.count > 1 else { return [.success(try bodies[0](tx))] }
                    return bodies.map { body in Result { try tx.savepoint { try body(tx) } } }
                }
            } catch  where batch.count > 1 {
                // The shared commit failed as a whole, e.g. a deadlock between two parallel
                // batches that touched the same variants in different orders: give every delivery
                // a transaction of its own, so one bad batch costs a retry, not an error.
                var alone: [Result<(IngestResult, TransactionWork), any Error>] = []
                for body in bodies {
                    do {
                        alone.append(.success(try await store.transaction { tx in try body(tx) }))
                    } catch {
                        alone.append(.failure(error))
                    }
                }
                outcomes = alone
            } catch {
                outcomes = [.failure(error)]
            }
            for (job, outcome) in zip(batch, outcomes) {
                job.continuation.resume(with: outcome)
            }
        }
    }
}
