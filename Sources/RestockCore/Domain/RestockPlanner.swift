/// Plans inventory-paced restock waves (docs/ARCHITECTURE.md §4): each wave picks, oldest queue
/// position first, `⌈perUnit × sellable⌉` watchers who can actually buy what is there, and says
/// when the next wave is due. Pure: the caller reads stock and candidates in its transaction and
/// writes the result back.
///
/// **Sellable** is the variant's total availability minus `minAvailable` (the shop's "new zero"),
/// never negative. Callers pass the *total* (the sum of `max(0, level)` over locations, see
/// ``StockLedger/total(_:)``) and the planner subtracts `minAvailable`, so the threshold lives in
/// one place.
///
/// **Eligibility.** A watch needs `quantity` units (at least 1). Without a location it is eligible
/// when `sellable >= quantity`; with one, when that location has them too:
/// `min(max(0, level at location), sellable) >= quantity`, because the safety margin of
/// `minAvailable` applies to the variant as a whole. An ineligible watch is skipped: it stays
/// `watching`, keeps its place, and does not count toward the wave's size.
public struct RestockPlanner: Hashable, Sendable {
    /// Wave sizing and pacing.
    public struct Configuration: Hashable, Sendable {
        /// Watchers notified per sellable unit; `nil` notifies everyone in one wave.
        public var perUnit: Double?
        /// Seconds between waves of one cycle.
        public var waveInterval: Double
        /// The shop's "new zero": stock at or below it is not for sale.
        public var minAvailable: Int

        public init(perUnit: Double?, waveInterval: Double, minAvailable: Int) {
            self.perUnit = perUnit
            self.waveInterval = waveInterval
            self.minAvailable = minAvailable
        }

        /// Rejects values the planner cannot honour; configuration readers call it at start-up.
        public func validate() throws(RestockPlannerError) {
            if let perUnit, !(perUnit > 0 && perUnit.isFinite) {
                throw RestockPlannerError("per_unit must be a positive number, or unset for everyone")
            }
            if !(waveInterval > 0 && waveInterval.isFinite) {
                throw RestockPlannerError("wave_interval must be a positive number of seconds")
            }
            if minAvailable < 0 {
                throw RestockPlannerError("min_available must be 0 or more")
            }
        }
    }

    /// One planned wave.
    public struct Wave: Hashable, Sendable {
        /// The watches to notify, in queue order; the caller moves them to `notified`.
        public var selected: [Watch]
        /// Ids of watches passed over because they want more than is available to them.
        public var skipped: [Int64]
        /// Sellable units the wave was sized for.
        public var sellable: Int
        /// When to plan the next wave; `nil` when sold out or no unexamined watcher remains.
        public var nextWaveAt: Timestamp?

        public init(selected: [Watch], skipped: [Int64], sellable: Int, nextWaveAt: Timestamp?) {
            self.selected = selected
            self.skipped = skipped
            self.sellable = sellable
            self.nextWaveAt = nextWaveAt
        }

        /// No wave: nothing to sell, or nobody eligible.
        public var isEmpty: Bool { selected.isEmpty }
    }

    public var configuration: Configuration

    public init(configuration: Configuration) { self.configuration = configuration }

    public init(perUnit: Double?, waveInterval: Double, minAvailable: Int) {
        self.init(
            configuration: Configuration(
                perUnit: perUnit, waveInterval: waveInterval, minAvailable: minAvailable))
    }

    /// Units for sale out of the variant's total availability.
    public func sellable(available: Int) -> Int {
        let (difference, overflow) = available.subtractingReportingOverflow(configuration.minAvailable)
        return overflow ? 0 : max(0, difference)
    }

    /// How many watchers a wave selects for `sellable` units: `nil` for everyone, 0 when nothing
    /// is for sale. The caller reads that many candidates (plus some, since ineligible ones are
    /// skipped) from the store.
    ///
    /// The product is rounded up with a relative tolerance, because `0.1 × 30` is
    /// `3.0000000000000004` in binary floating point and must select 3, not 4. A misconfigured
    /// `perUnit` (rejected by ``Configuration/validate()``) still selects at least one watcher
    /// per wave so the queue always moves.
    public func candidatesNeeded(sellable: Int) -> Int? {
        guard sellable > 0 else { return 0 }
        guard let perUnit = configuration.perUnit, perUnit != .infinity else { return nil }
        guard perUnit > 0 else { return 1 }
        let exact = perUnit * Double(sellable)
        let nearest = exact.rounded()
        let product = abs(exact - nearest) <= 1e-9 * max(1, nearest) ? nearest : exact.rounded(.up)
        guard product < Double(Int.max) else { return nil }
        return max(1, Int(product))
    }

    /// ``candidatesNeeded(sellable:)`` for the variant's total availability.
    public func candidatesNeeded(available: Int) -> Int? {
        candidatesNeeded(sellable: sellable(available: available))
    }

    /// Plans one wave.
    ///
    /// - Parameters:
    ///   - available: the variant's total availability (sum over locations of `max(0, level)`).
    ///   - levels: the variant's per-location levels, read for location-bound watches.
    ///   - candidates: `watching` watches in queue order, oldest first (others are ignored). May
    ///     be lazy: the planner stops reading one candidate after the wave is full.
    ///   - moreCandidates: whether the store holds watching watches beyond `candidates`.
    ///   - now: when the wave runs; the next one is due `waveInterval` later.
    public func plan(
        available: Int, levels: [StockLevel], candidates: some Sequence<Watch>,
        moreCandidates: Bool, now: Timestamp
    ) -> Wave {
        let sellable = sellable(available: available)
        guard sellable > 0 else {
            return Wave(selected: [], skipped: [], sellable: 0, nextWaveAt: nil)
        }
        let needed = candidatesNeeded(sellable: sellable) ?? .max
        var atLocation: [String: Int] = [:]
        for level in levels { atLocation[level.locationID] = StockLedger.availability(level) }

        var selected: [Watch] = []
        var skipped: [Int64] = []
        var iterator = candidates.makeIterator()
        var unexamined = false
        while let watch = iterator.next() {
            guard watch.state == .watching else { continue }
            let reachable = watch.locationID.map { min(atLocation[$0] ?? 0, sellable) } ?? sellable
            guard max(1, watch.quantity) <= reachable else {
                skipped.append(watch.id)
                continue
            }
            selected.append(watch)
            if selected.count == needed {
                unexamined = iterator.next() != nil
                break
            }
        }
        let next = unexamined || moreCandidates
        return Wave(
            selected: selected, skipped: skipped, sellable: sellable,
            nextWaveAt: next ? now.adding(seconds: configuration.waveInterval) : nil)
    }

    /// ``plan(available:levels:candidates:moreCandidates:now:)`` with the total summed from
    /// `levels`.
    public func plan(
        levels: [StockLevel], candidates: some Sequence<Watch>, moreCandidates: Bool, now: Timestamp
    ) -> Wave {
        plan(
            available: StockLedger.total(levels), levels: levels, candidates: candidates,
            moreCandidates: moreCandidates, now: now)
    }
}

/// A planner configuration that cannot work; the message names the key.
public struct RestockPlannerError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
