import RestockCore
import Synchronization

/// Commits concurrent deliveries together: one transaction, one fsync, for everything that
/// arrived while the previous commit was running, and each caller is answered only after the
/// shared commit, so "acknowledged" still means "durable".
///
/// The batch is handed to ``apply`` whole, so the engine can do a batch's reads and writes in a
/// few statements instead of a few per delivery: on PostgreSQL each statement is a round trip,
/// and a delivery alone costs about six. When the batch fails (a bad delivery, or a deadlock
/// between two parallel batches) the transaction rolls back and every delivery is retried in a
/// transaction of its own, so a bad one fails alone and the others still land.
///
/// The commit is the ceiling of a single writer: on SQLite about half the writer's time for one
/// small delivery was `fdatasync`. A lone delivery waits for nobody; batching only happens when
/// deliveries are already queueing behind a commit.
///
/// Its flush tasks belong to the service group through ``close()``: the service that calls it at
/// graceful shutdown (``CommitsService``, and ``DispatcherService`` for its marks) returns only
/// once the last flush has answered its callers, and a request after that is refused at once
/// (``GroupCommitClosed``), so no flush outlives the group and no caller is left waiting.
final class GroupCommit<Request: Sendable, Outcome: Sendable>: Sendable {
    /// Applies requests inside one transaction and returns one outcome per request, in order.
    typealias Apply = @Sendable ([Request], any StoreTransaction) throws -> [Outcome]

    struct Job: Sendable {
        let request: Request
        let continuation: CheckedContinuation<Outcome, any Error>
    }

    struct Queue {
        var pending: [Job] = []
        var flushers = 0
        var closed = false
        /// ``close()`` callers waiting for the last flusher to end.
        var closing: [CheckedContinuation<Void, Never>] = []
    }

    let store: any RestockStore
    let maxBatch: Int
    /// Batches committing side by side: two, so that one is applied while the other waits for
    /// its commit to be flushed, or one on a single-writer store. More only split the queue
    /// into smaller batches: http-deltas on PostgreSQL measured 4,964/s with one flusher,
    /// 5,723/s with two and 4,097/s with four (3 runs each, best of the ways to split tried).
    let maxFlushers: Int
    let apply: Apply
    let queue = Mutex(Queue())

    init(store: any RestockStore, maxBatch: Int = 64, apply: @escaping Apply) {
        self.store = store
        self.maxBatch = maxBatch
        self.maxFlushers = max(1, min(2, store.concurrentWriters))
        self.apply = apply
    }

    /// Runs `request` in the next shared transaction and returns its outcome once that
    /// committed.
    func submit(_ request: Request) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let startFlushing = queue.withLock { queue in
                guard !queue.closed else {
                    continuation.resume(throwing: GroupCommitClosed())
                    return false
                }
                queue.pending.append(Job(request: request, continuation: continuation))
                guard queue.flushers < maxFlushers else { return false }
                queue.flushers += 1
                return true
            }
            // Its own task rather than the caller's: a client that hangs up cancels its request
            // task, and that must not cancel the commit the other deliveries are waiting for.
            if startFlushing { Task { await self.flush() } }
        }
    }

    /// Refuses new requests and returns once every flush has ended, each request taken before
    /// committed or failed and answered. Idempotent.
    func close() async {
        await withCheckedContinuation { continuation in
            let done = queue.withLock { queue in
                queue.closed = true
                guard queue.flushers > 0 else { return true }
                queue.closing.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Flushes running now: none once ``close()`` has returned.
    var liveFlushers: Int { queue.withLock { $0.flushers } }

    /// Commits batches until nothing is pending.
    func flush() async {
        while true {
            let batch = queue.withLock { queue -> [Job] in
                guard !queue.pending.isEmpty else {
                    queue.flushers -= 1
                    if queue.flushers == 0 {
                        for waiter in queue.closing { waiter.resume() }
                        queue.closing = []
                    }
                    return []
                }
                // Everything that is waiting: a batch costs about the same few round trips
                // whatever its size, so splitting the queue between flushers only makes more,
                // smaller batches.
                let batch = Array(queue.pending.prefix(maxBatch))
                queue.pending.removeFirst(batch.count)
                return batch
            }
            guard !batch.isEmpty else { return }
            let requests = batch.map(\.request)
            let apply = self.apply
            var outcomes: [Result<Outcome, any Error>]
            do {
                let applied = try await store.transaction { tx in try apply(requests, tx) }
                // A short answer would leave callers waiting forever.
                precondition(applied.count == requests.count, "apply returned \(applied.count) of \(requests.count)")
                outcomes = applied.map { .success($0) }
            } catch  where batch.count > 1 {
                outcomes = []
                for request in requests {
                    do {
                        let alone = try await store.transaction { tx in try apply([request], tx) }
                        outcomes.append(.success(alone[0]))
                    } catch {
                        outcomes.append(.failure(error))
                    }
                }
            } catch {
                outcomes = [.failure(error)]
            }
            for (job, outcome) in zip(batch, outcomes) {
                job.continuation.resume(with: outcome)
            }
        }
    }
}
