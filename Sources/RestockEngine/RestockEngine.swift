import Logging
import RestockCore

/// The daemon's business core: ingests stock, catalog and order events, takes subscriptions and
/// plans restock waves, writing every consequence through one store transaction.
///
/// It holds no state the store does not also hold, so a crash at any point leaves the store as
/// the checkpoint (docs/ARCHITECTURE.md §5: the database is the queue and the checkpoint), and
/// daemons sharing one PostgreSQL see the same watches: the store's indexes are the inverted
/// index (docs/ARCHITECTURE.md §1).
public final class RestockEngine: Sendable {
    public let store: any RestockStore
    public let configuration: EngineConfiguration
    let logger: Logger
    let metrics: EngineMetrics
    let clock: @Sendable () -> Timestamp
    let pipeline: IngestPipeline
    let groupCommit: GroupCommit<IngestRequest, IngestOutcome>
    /// Opens and clicks, committed together as they queue up (``TrackingRecorder``).
    let tracking: GroupCommit<TrackingHit, TrackingOutcome>
    /// Notified after every commit that queued mail; the dispatcher waits on it.
    public let outboxSignal = OutboxSignal()

    /// - Parameter clock: the engine's idea of now; tests pass a fixed or stepping clock.
    public init(
        store: any RestockStore, configuration: EngineConfiguration, logger: Logger,
        clock: @escaping @Sendable () -> Timestamp = { .now }
    ) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.metrics = EngineMetrics()
        self.clock = clock
        let pipeline = IngestPipeline(configuration: configuration)
        self.pipeline = pipeline
        self.groupCommit = GroupCommit(store: store) { requests, tx in try pipeline.apply(requests, tx: tx) }
        let recorder = TrackingRecorder(
            traffic: configuration.traffic, clickRepeatWindow: configuration.clickRepeatWindow)
        self.tracking = GroupCommit(store: store) { hits, tx in try recorder.apply(hits, tx: tx) }
    }
}
