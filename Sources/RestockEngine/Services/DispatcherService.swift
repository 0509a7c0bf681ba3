import Logging
import ServiceLifecycle

/// Runs the ``Dispatcher``: whenever the engine queues mail (``OutboxSignal``), and at least
/// every `interval`, it sends what is due, round after round while full rounds come back. While
/// a fault of the path pauses the dispatcher, a round costs nothing until its probe is due. On
/// graceful shutdown the round in progress finishes, so no message is cut off between the
/// transport's reply and the row that records it, and the round's delivery marks are committed
/// (``GroupCommit/close()``) before the service returns.
///
/// A round that fails (the store is unreachable) leaves its rows where they were; the loop waits
/// with growing delays (``FailureStreak``) and says so once, and again when it resumes. Each time
/// round it beats `heartbeat`, which the systemd watchdog checks.
public struct DispatcherService: Service {
    let dispatcher: Dispatcher
    let signal: OutboxSignal
    let interval: Duration
    let heartbeat: Heartbeat
    let logger: Logger

    public init(
        dispatcher: Dispatcher, signal: OutboxSignal = OutboxSignal(), interval: Duration = .milliseconds(250),
        heartbeat: Heartbeat = Heartbeat(), logger: Logger
    ) {
        self.dispatcher = dispatcher
        self.signal = signal
        self.interval = interval
        self.heartbeat = heartbeat
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await loop()
        } catch {
            await dispatcher.marks.close()
            throw error
        }
        // The last round has ended: its delivery marks are committed, and none can come after.
        await dispatcher.marks.close()
    }

    func loop() async throws {
        try await withGracefulShutdownHandler {
            var failures = FailureStreak()
            while !Task.isShuttingDownGracefully {
                try Task.checkCancellation()
                heartbeat.beat()
                var wait = interval
                do {
                    // Round after round while they come back full, or while a probe just found
                    // the path working again and the queue is likely to hold more.
                    while !Task.isShuttingDownGracefully {
                        let round = try await dispatcher.dispatchOnce()
                        heartbeat.beat()
                        let resumed = round.probe && round.claimed > 0 && dispatcher.pause == nil
                        guard round.claimed == dispatcher.configuration.claimLimit || resumed else { break }
                    }
                    let ended = failures.succeeded()
                    if ended > 0 { logger.notice("dispatch resumed", metadata: ["restock.failures": "\(ended)"]) }
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    // The rows are still there: the next try, or the end of their lease, sends them.
                    let decision = failures.failed()
                    if decision.log {
                        logger.error("dispatch failed; retrying until it works", metadata: ["error": "\(error)"])
                    } else {
                        logger.debug("dispatch failed again", metadata: ["error": "\(error)"])
                    }
                    wait = .milliseconds(Int64(decision.delay * 1000))
                }
                await signal.wait(timeout: wait)
            }
        } onGracefulShutdown: {
            signal.notify()
        }
    }
}
