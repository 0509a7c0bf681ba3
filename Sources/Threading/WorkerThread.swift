import Foundation

/// A thread of our own that runs submitted work in order, and a `SerialExecutor` on it, for the
/// C libraries that block the calling thread: libpq for a whole statement, libcurl for a whole
/// SMTP transaction.
///
/// libpq blocks the calling thread for a whole statement. Swift's cooperative pool has one
/// thread per core, and on Linux `DispatchQueue`s draw from that same small pool (a serial
/// queue blocked in `poll()` holds one of its threads), so two long statements on a 2-core
/// machine would stop every other task, including the one that would cancel them. GRDB's
/// `DispatchQueueActor` is the model for the executor; the thread is ours so that blocking it
/// costs nothing else.
public final class WorkerThread: SerialExecutor, @unchecked Sendable {
    private struct Delayed {
        var deadline: Date
        var work: @Sendable () -> Void
    }

    // All guarded by `condition`.
    private let condition = NSCondition()
    private var ready: [@Sendable () -> Void] = []
    private var delayed: [Delayed] = []
    private var isStopping = false
    private var thread: Thread?

    public init(name: String) {
        // The thread holds the worker strongly until `stop()`: it must outlive queued work.
        let thread = Thread { [self] in self.loop() }
        thread.name = name
        self.thread = thread
        thread.start()
    }

    /// Runs `work` on the thread after everything submitted before it.
    public func submit(_ work: @escaping @Sendable () -> Void) {
        condition.lock()
        ready.append(work)
        condition.signal()
        condition.unlock()
    }

    /// Runs `work` on the thread once `seconds` have passed.
    public func submit(after seconds: Double, _ work: @escaping @Sendable () -> Void) {
        condition.lock()
        delayed.append(Delayed(deadline: Date(timeIntervalSinceNow: seconds), work: work))
        delayed.sort { $0.deadline < $1.deadline }
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread exit once the work already submitted has run.
    public func stop() {
        condition.lock()
        isStopping = true
        condition.signal()
        condition.unlock()
    }

    public func enqueue(_ job: UnownedJob) {
        submit { job.runSynchronously(on: self.asUnownedSerialExecutor()) }
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    public func checkIsolated() {
        condition.lock()
        let thread = self.thread
        condition.unlock()
        precondition(Thread.current === thread, "not on the \(thread?.name ?? "worker") thread")
    }

    private func loop() {
        while let batch = next() {
            for work in batch { work() }
        }
    }

    /// Waits for work that is due; `nil` when stopping with nothing left to do.
    private func next() -> [@Sendable () -> Void]? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            let now = Date()
            while let first = delayed.first, first.deadline <= now {
                ready.append(delayed.removeFirst().work)
            }
            if !ready.isEmpty {
                defer { ready.removeAll(keepingCapacity: true) }
                return ready
            }
            if isStopping && delayed.isEmpty {
                thread = nil
                return nil
            }
            if let deadline = delayed.first?.deadline {
                _ = condition.wait(until: deadline)
            } else {
                condition.wait()
            }
        }
    }
}
