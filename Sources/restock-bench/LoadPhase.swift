import Dispatch
import Foundation
import Synchronization

/// What one load phase achieved.
struct LoadResult: Sendable {
    /// Requests answered with the expected status (200: durably applied).
    var completed: Int
    /// Requests answered with another status; the first is kept to explain the failure.
    var failures: Int
    var firstFailure: String?
    /// Requests not sent because the phase ran out of time.
    var unsent: Int
    var elapsed: Duration

    var perSecond: Double { Double(completed) / elapsed.seconds }
}

/// Sends prepared requests over `connections` keep-alive connections at once, each connection
/// on its own thread sending its next request as soon as the previous one is answered, and
/// times from the moment every connection is open until the last answer.
///
/// Threads, not tasks: the client blocks in `recv`, and blocking the cooperative pool would
/// starve this process, not measure the daemon.
struct LoadPhase: Sendable {
    var port: UInt16
    var connections: Int
    /// After this, no further request is sent; the phase reports what completed.
    var timeLimit: Duration
    /// What a request that did its work is answered: 200 for a delivery, 302 for a tracked click.
    var expectedStatus = 200

    func run(_ requests: [[UInt8]]) async throws -> LoadResult {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try self.runBlocking(requests) }) }.start()
        }
    }

    /// One connection's share: requests `worker`, `worker + connections`, …
    private struct WorkerOutcome: Sendable {
        var completed = 0
        var failures = 0
        var firstFailure: String?
        var unsent = 0
        var error: String?
        var finished = ContinuousClock.now
    }

    /// Collects what the worker threads report.
    private final class Tally: Sendable {
        private let outcomes = Mutex<[WorkerOutcome]>([])
        func add(_ outcome: WorkerOutcome) { outcomes.withLock { $0.append(outcome) } }
        var all: [WorkerOutcome] { outcomes.withLock { $0 } }
    }

    private func runBlocking(_ requests: [[UInt8]]) throws -> LoadResult {
        let connected = DispatchSemaphore(value: 0)
        let go = DispatchSemaphore(value: 0)
        let finished = DispatchGroup()
        let tally = Tally()
        for worker in 0..<connections {
            finished.enter()
            Thread {
                defer { finished.leave() }
                var outcome = WorkerOutcome()
                let connection: KeepAliveConnection
                do {
                    connection = try KeepAliveConnection(port: port)
                } catch {
                    outcome.error = "\(error)"
                    tally.add(outcome)
                    connected.signal()
                    return
                }
                connected.signal()
                go.wait()
                let deadline = ContinuousClock.now + timeLimit
                for index in stride(from: worker, to: requests.count, by: connections) {
                    guard ContinuousClock.now < deadline else {
                        outcome.unsent += 1
                        continue
                    }
                    do {
                        let status = try connection.send(requests[index])
                        if status == expectedStatus {
                            outcome.completed += 1
                        } else {
                            outcome.failures += 1
                            if outcome.firstFailure == nil { outcome.firstFailure = "HTTP \(status)" }
                        }
                    } catch {
                        outcome.error = "\(error)"
                        break
                    }
                }
                outcome.finished = ContinuousClock.now
                tally.add(outcome)
            }.start()
        }
        for _ in 0..<connections { connected.wait() }
        let start = ContinuousClock.now
        for _ in 0..<connections { go.signal() }
        finished.wait()

        let outcomes = tally.all
        if let error = outcomes.compactMap(\.error).first { throw BenchError("load connection failed: \(error)") }
        return LoadResult(
            completed: outcomes.reduce(0) { $0 + $1.completed },
            failures: outcomes.reduce(0) { $0 + $1.failures },
            firstFailure: outcomes.compactMap(\.firstFailure).first,
            unsent: outcomes.reduce(0) { $0 + $1.unsent },
            elapsed: (outcomes.map(\.finished).max() ?? start) - start)
    }
}
