/// Stock per (variant, location), with the watermark rule that makes at-least-once, out-of-order
/// delivery safe, and the edge detection that opens and closes restock cycles
/// (docs/ARCHITECTURE.md §4).
///
/// The rules live in static functions so the ingest pipeline can run them on levels it loaded from
/// the store inside a transaction; the struct is the same rules over levels held in memory.
///
/// - An **absolute** level replaces what we know and sets the watermark to its time.
/// - A **delta** adds to what we know (to 0 for a location we have never seen) and moves the
///   watermark forward to its time.
/// - An event older than the watermark is **stale** and dropped. An absolute level at exactly the
///   watermark is accepted: it is the engine's own statement of the level at that instant, so the
///   last one delivered wins. A delta at exactly the watermark is accepted too: two changes can
///   share a timestamp, and dropping either would lose stock.
///
/// **Negative levels.** The stored level is the engine's raw figure, negative when it oversold.
/// It is kept raw so that later deltas land on the engine's own arithmetic: after "-2" and "+3"
/// the engine has 1 unit, and clamping the -2 to 0 would make us believe 3. Availability, though,
/// counts a location as `max(0, level)`: an oversold location has nothing to sell, and it must
/// not cancel out another location's real stock in the variant total.
///
/// **Limits of a watermark.** Without an event log, a delta that overtakes an older absolute
/// level is applied to the level we had, and the older absolute is then dropped as stale; the
/// next absolute level corrects it. Duplicate deliveries of the same delta are recognised by the
/// webhook receipt, not here: two equal deltas at the same time are two changes to the ledger.
public struct StockLedger: Hashable, Sendable {
    /// A crossing of `minAvailable` by a variant's total availability.
    public enum Transition: String, Hashable, Sendable, Codable {
        /// From `<= minAvailable` to `> minAvailable`: a restock cycle starts.
        case backInStock = "back_in_stock"
        /// From `> minAvailable` to `<= minAvailable`: the cycle ends.
        case soldOut = "sold_out"
    }

    /// What one event did to the in-memory ledger.
    public struct Outcome: Hashable, Sendable {
        /// The level after the event; `nil` when the event was stale and dropped.
        public var level: StockLevel?
        /// The variant's total availability before and after, summed over its locations.
        public var oldTotal: Int
        public var newTotal: Int
        /// Set only when the event crossed `minAvailable`; each crossing is reported once.
        public var transition: Transition?

        public var isStale: Bool { level == nil }

        public init(level: StockLevel?, oldTotal: Int, newTotal: Int, transition: Transition?) {
            self.level = level
            self.oldTotal = oldTotal
            self.newTotal = newTotal
            self.transition = transition
        }
    }

    /// The shop's "new zero": a variant is in stock only when its total exceeds it.
    public var minAvailable: Int
    /// variant → location → level.
    private var levelsByVariant: [String: [String: StockLevel]]

    public init(minAvailable: Int = 0, levels: some Sequence<StockLevel> = [StockLevel]()) {
        self.minAvailable = minAvailable
        self.levelsByVariant = [:]
        for level in levels { levelsByVariant[level.variantID, default: [:]][level.locationID] = level }
    }

    // MARK: The rules

    /// Applies `event` to the level of its (variant, location). Returns the new level, or `nil`
    /// when the event is older than the watermark and must be dropped.
    ///
    /// - Parameter current: the stored level of the event's variant and location, or `nil` when
    ///   none is known yet.
    public static func apply(_ event: StockEvent, to current: StockLevel?) -> StockLevel? {
        if let current, event.occurredAt < current.watermark { return nil }
        let available: Int
        switch event.change {
        case .absolute(let level):
            available = level
        case .delta(let change):
            // Saturating: a hostile or broken payload must not trap the daemon.
            let (sum, overflow) = (current?.available ?? 0).addingReportingOverflow(change)
            available = overflow ? (change > 0 ? .max : .min) : sum
        }
        return StockLevel(
            variantID: event.variantID, locationID: event.locationID, available: available,
            watermark: max(current?.watermark ?? event.occurredAt, event.occurredAt))
    }

    /// What a location contributes to its variant's total: an oversold location has none.
    public static func availability(_ level: StockLevel) -> Int { max(0, level.available) }

    /// A variant's total availability over the given levels (one per location).
    public static func total(_ levels: some Sequence<StockLevel>) -> Int {
        levels.reduce(0) { total, level in
            let (sum, overflow) = total.addingReportingOverflow(availability(level))
            return overflow ? .max : sum
        }
    }

    /// The edge between two totals of the same variant, or `nil` when `minAvailable` was not
    /// crossed.
    public static func transition(fromTotal old: Int, toTotal new: Int, minAvailable: Int)
        -> Transition?
    {
        switch (old > minAvailable, new > minAvailable) {
        case (false, true): .backInStock
        case (true, false): .soldOut
        default: nil
        }
    }

    // MARK: In memory

    /// Applies `event` and reports the variant's totals and the edge, if any.
    @discardableResult
    public mutating func apply(_ event: StockEvent) -> Outcome {
        var locations = levelsByVariant[event.variantID] ?? [:]
        let oldTotal = Self.total(locations.values)
        guard let level = Self.apply(event, to: locations[event.locationID]) else {
            return Outcome(level: nil, oldTotal: oldTotal, newTotal: oldTotal, transition: nil)
        }
        locations[event.locationID] = level
        levelsByVariant[event.variantID] = locations
        let newTotal = Self.total(locations.values)
        return Outcome(
            level: level, oldTotal: oldTotal, newTotal: newTotal,
            transition: Self.transition(fromTotal: oldTotal, toTotal: newTotal, minAvailable: minAvailable))
    }

    /// The level of one location, if any event reached it.
    public func level(variantID: String, locationID: String = "") -> StockLevel? {
        levelsByVariant[variantID]?[locationID]
    }

    /// Every known location of the variant, ordered by location id.
    public func levels(variantID: String) -> [StockLevel] {
        (levelsByVariant[variantID] ?? [:]).values.sorted { $0.locationID < $1.locationID }
    }

    /// The variant's total availability over its locations.
    public func total(variantID: String) -> Int {
        Self.total((levelsByVariant[variantID] ?? [:]).values)
    }

    /// Whether the variant's total exceeds `minAvailable`.
    public func isInStock(variantID: String) -> Bool { total(variantID: variantID) > minAvailable }
}
