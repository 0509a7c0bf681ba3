import ServiceLifecycle

/// Owns the engine's shared commits (ingest and tracking, ``GroupCommit``) for the service group:
/// on graceful shutdown it closes them and returns only once their last flush has answered its
/// callers, so no commit task outlives the group.
///
/// It goes in the group after the store's services and before everything that ingests (the
/// dispatcher, the timers, HTTP): shutdown runs in reverse order, so the commits close after the
/// last request that could use them has ended, and before the store closes.
public struct CommitsService: Service {
    let engine: RestockEngine

    public init(engine: RestockEngine) { self.engine = engine }

    public func run() async throws {
        // Cancelled rather than shut down gracefully: close all the same, so nobody waits.
        try? await gracefulShutdown()
        await engine.groupCommit.close()
        await engine.tracking.close()
    }
}
