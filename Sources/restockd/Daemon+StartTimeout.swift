import Systemd

extension Daemon {
    /// Runs `body` while asking systemd every 20 s for another minute of start-up time
    /// (`EXTEND_TIMEOUT_USEC=`), so work that takes as long as it takes (migrating a large
    /// database after an upgrade) is not killed by `TimeoutStartSec=` and restarted into the
    /// same work. Without a notify socket the pings go nowhere.
    static func whileExtendingStartTimeout<T: Sendable>(
        _ notifier: SystemdNotifier, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                while true {
                    notifier.notify([.extendTimeout(.seconds(60))])
                    try await Task.sleep(for: .seconds(20))
                }
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            throw CancellationError()
        }
    }
}
