import RestockCore

/// How the engine paces restocks and treats new subscriptions.
///
/// Keys (read in `restockd`, `EngineConfiguration+ConfigReader.swift`):
/// - `restock.planner.minAvailable` (int, default 0): the shop's "new zero"; a variant is in stock
///   only above it.
/// - `restock.planner.perUnit` (double, default unset = everyone): watchers per available unit in
///   each wave.
/// - `restock.planner.waveInterval` (seconds, default 300): time between waves of one cycle.
/// - `restock.watches.doubleOptIn` (bool, default false): storefront subscriptions start `pending`
///   until the confirm link is used.
/// - `restock.watches.ttlDays` (int, default 180): a watch that has heard nothing for this long
///   expires.
/// - `restock.tracking.prefetchWindowSeconds` (double, default 10), `restock.tracking.burstWindowSeconds`
///   (double, default 1) and `restock.tracking.appleProxyRanges` (comma-separated CIDR blocks,
///   default `17.0.0.0/8`): how opens and clicks are told apart from machines' (``TrafficClassifier``).
public struct EngineConfiguration: Sendable, Equatable {
    public var minAvailable: Int
    public var perUnit: Double?
    public var waveInterval: Double
    public var doubleOptIn: Bool
    public var watchTTLDays: Int
    public var traffic: TrafficClassifier

    public init(
        minAvailable: Int = 0, perUnit: Double? = nil, waveInterval: Double = 300,
        doubleOptIn: Bool = false, watchTTLDays: Int = 180, traffic: TrafficClassifier = TrafficClassifier()
    ) {
        self.traffic = traffic
        self.minAvailable = minAvailable
        self.perUnit = perUnit
        self.waveInterval = waveInterval
        self.doubleOptIn = doubleOptIn
        self.watchTTLDays = watchTTLDays
    }
}
