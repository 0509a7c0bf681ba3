import Logging
import ServiceLifecycle

/// Runs the ``Dispatcher``: whenever the engine queues mail (``OutboxSignal``), and at least
/// every `interval`, it sends what is due, round after round while full rounds come back. While
/// a fault of the path pauses the dispatcher, a round costs nothing until its probe is due. On
/// graceful shutdown the round in progress finishes, so no message is cut off between the
/// transport's reply and the row that records it.
public struct DispatcherService: Service {
    let dispatcher: Dispatcher
    let signal: OutboxSignal
    let interval: Duration
    let logger: Logger

    public init(
        dispatcher: Dispatcher, signal: OutboxSignal = OutboxSignal(), interval: Duration = .milliseconds(250),
        logger: Logger
    ) {
        self.dispatcher = dispatcher
        self.signal = signal
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully {
                try Task.checkCancellation()
                do {
                    // Round after round while they come back full, or while a probe just found
                    // the path working again and the queue is likely to hold more.
                    while !Task.isShuttingDownGracefully {
                        let round = try await dispatcher.dispatchOnce()
                        let resumed = round.probe && round.claimed > 0 && dispatcher.pause == nil
                        guard round.claimed == dispatcher.configuration.claimLimit || resumed else { break }
                    }
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    // The rows are still there: the next wake-up, or the end of their lease,
                    // retries them.
                    logger.error("dispatch failed", metadata: ["error": "\(error)"])
                }
                await signal.wait(timeout: interval)
            }
        } onGracefulShutdown: {
            signal.notify()
        }
    }
}
