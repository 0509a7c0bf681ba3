import Logging
import RestockCore
import Synchronization

/// The daemon's business core: ingests stock, catalog and order events, takes subscriptions and
/// plans restock waves, writing every consequence through one store transaction.
///
/// It holds no state the store does not also hold, except the ``WatchIndex`` (rebuilt from the
/// store by ``loadIndex()``), so a crash at any point leaves the store as the checkpoint
/// (docs/ARCHITECTURE.md §5: the database is the queue and the checkpoint).
public final class RestockEngine: Sendable {
    public let store: any RestockStore
    public let configuration: EngineConfiguration
    let logger: Logger
    let metrics: EngineMetrics
    let clock: @Sendable () -> Timestamp
    let index = Mutex(WatchIndex())
    let indexLoaded = Atomic<Bool>(false)
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

    /// True once the watch index has been rebuilt from the store.
    public var isIndexLoaded: Bool { indexLoaded.load(ordering: .acquiring) }

    /// Live watches and watched variants as the in-memory index sees them.
    public var indexCounts: (watches: Int, variants: Int) {
        index.withLock { ($0.watchCount, $0.variantCount) }
    }

    /// Whether anyone waits for the variant: a lookup, no store round trip.
    public func isWatched(variantID: String) -> Bool {
        index.withLock { $0.isWatched(variantID: variantID) }
    }

    /// Every variant someone waits for, from the in-memory index.
    public func watchedVariants() -> [String] {
        index.withLock { $0.watchedVariants() }
    }

    /// Applies committed watch changes to the index. Called only after the transaction that made
    /// them committed, so the index never shows a state the store rolled back.
    func applyToIndex(_ changes: [WatchChange]) {
        guard !changes.isEmpty else { return }
        index.withLock { index in
            for change in changes {
                if change.state.isLive {
                    // One lookup for the common case, a watch the index holds changing state.
                    if !index.setState(watchID: change.watchID, variantID: change.variantID, state: change.state) {
                        index.insert(
                            watchID: change.watchID, variantID: change.variantID,
                            queuePosition: change.queuePosition, state: change.state)
                    }
                } else {
                    index.remove(watchID: change.watchID, variantID: change.variantID)
                }
            }
        }
    }
}

/// One watch's new state, carried out of a transaction to update the index and metrics.
struct WatchChange: Sendable, Hashable {
    var watchID: Int64
    var variantID: String
    var queuePosition: Int64
    var state: WatchState

    init(_ watch: Watch) {
        self.watchID = watch.id
        self.variantID = watch.variantID
        self.queuePosition = watch.queuePosition
        self.state = watch.state
    }
}
