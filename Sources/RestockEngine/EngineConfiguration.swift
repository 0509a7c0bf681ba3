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
/// - `restock.watches.ttlDays` (int, default 180): sets each new watch's `expires_at`. Nothing
///   enforces it yet: no watch expires (issue 19).
/// - `restock.tracking.prefetchWindowSeconds` (double, default 10), `restock.tracking.burstWindowSeconds`
///   (double, default 1) and `restock.tracking.appleProxyRanges` (comma-separated CIDR blocks,
///   default `17.0.0.0/8`): how opens and clicks are told apart from machines' (``TrafficClassifier``).
/// - `restock.tracking.repeatWindowSeconds` (double, default 60, 1 to 3,600): a visitor following
///   the same link again this soon after the click recorded is that click again; redirected,
///   not stored or counted (``clickRepeatWindow``).
/// - `restock.attribution.clickWindowDays` (default 5) and `restock.attribution.openWindowHours`
///   (default 24): how long before an order a person's click or open still earns it
///   (``AttributionPolicy``); the click window is also when a notified watch's follow-up is due.
/// - `restock.stock.locations` (comma-separated location ids, default unset = every location):
///   which locations' stock a watch counts. Unset, a variant is in stock when any location has
///   it; set, only levels at these locations count (a shop that ships from one warehouse and
///   has shops elsewhere), and events for other locations are ignored. The unnamed location
///   (`""`, a shop with one) always counts.
/// - `restock.tracking.attributionParameter` and `restock.links.secret` are read with the HTTP
///   and mail settings and copied here: an order's `attribution` is the parameter's signed value.
public struct EngineConfiguration: Sendable, Equatable {
    public var minAvailable: Int
    public var perUnit: Double?
    public var waveInterval: Double
    public var doubleOptIn: Bool
    public var watchTTLDays: Int
    public var traffic: TrafficClassifier
    /// Seconds within which the same visitor (address and agent) following the same link again
    /// is the click already counted: a reload, a double click, a client that retries. Rows then
    /// grow with distinct visitors, not with requests.
    public var clickRepeatWindow: Double
    public var attribution: AttributionPolicy
    /// Checks the `restock=` tokens orders carry back; shorter than 16 bytes, no direct attribution.
    public var linkSecret: String
    public var attributionParameter: String
    /// `nil`: every location counts.
    public var stockLocations: Set<String>?

    public init(
        minAvailable: Int = 0, perUnit: Double? = nil, waveInterval: Double = 300,
        doubleOptIn: Bool = false, watchTTLDays: Int = 180, traffic: TrafficClassifier = TrafficClassifier(),
        clickRepeatWindow: Double = 60, attribution: AttributionPolicy = AttributionPolicy(), linkSecret: String = "",
        attributionParameter: String = "restock", stockLocations: Set<String>? = nil
    ) {
        self.stockLocations = stockLocations
        self.traffic = traffic
        self.clickRepeatWindow = clickRepeatWindow
        self.attribution = attribution
        self.linkSecret = linkSecret
        self.attributionParameter = attributionParameter
        self.minAvailable = minAvailable
        self.perUnit = perUnit
        self.waveInterval = waveInterval
        self.doubleOptIn = doubleOptIn
        self.watchTTLDays = watchTTLDays
    }
}

extension EngineConfiguration {
    /// Whether stock at `locationID` counts towards a variant's availability.
    func counts(location locationID: String) -> Bool {
        locationID.isEmpty || stockLocations?.contains(locationID) ?? true
    }
}
