import AsyncAlgorithms
import Logging
import ServiceLifecycle

/// Runs the ``Dispatcher``: every `interval` it sends what is due, round after round while full
/// rounds come back. On graceful shutdown the round in progress finishes, so no message is cut
/// off between the transport's reply and the row that records it.
public struct DispatcherService: Service {
    let dispatcher: Dispatcher
    let interval: Duration
    let logger: Logger

    public init(dispatcher: Dispatcher, interval: Duration = .milliseconds(250), logger: Logger) {
        self.dispatcher = dispatcher
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        for try await _ in AsyncTimerSequence(interval: interval, clock: .continuous).cancelOnGracefulShutdown() {
            do {
                while try await dispatcher.dispatchOnce().claimed == dispatcher.configuration.claimLimit {
                    if Task.isShuttingDownGracefully { break }
                }
            } catch {
                // The rows are still there: the next tick, or the end of their lease, retries them.
                logger.error("dispatch failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
