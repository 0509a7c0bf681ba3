import RestockCore

/// The figures of one group of `/v1/stats` (docs/ARCHITECTURE.md §7), summed from the daily
/// rollups.
public struct StatsFigures: Sendable, Hashable, Encodable {
    public var group: String
    public var watchesCreated: Int64 = 0
    public var sent: Int64 = 0
    public var delivered: Int64 = 0
    public var failed: Int64 = 0
    public var humanOpens: Int64 = 0
    public var machineOpens: Int64 = 0
    public var humanClicks: Int64 = 0
    public var scannerClicks: Int64 = 0
    public var conversions: Int64 = 0
    public var unsubscribes: Int64 = 0
    public var resubscribes: Int64 = 0
    /// Attributed revenue in minor units: model (`direct`, `click`, `view`) → currency → amount.
    public var revenueMinor: [String: [String: Int64]] = [:]
    /// Median time from an email being queued to the server accepting it (back-in-stock emails).
    public var medianSendSeconds: Double?
    var latency: [Int: Int64] = [:]

    public init(group: String) { self.group = group }

    /// The counters by metric name, in report order.
    public var counts: [(String, Int64)] {
        [
            ("watches_created", watchesCreated), ("sent", sent), ("delivered", delivered), ("failed", failed),
            ("human_opens", humanOpens), ("machine_opens", machineOpens), ("human_clicks", humanClicks),
            ("scanner_clicks", scannerClicks), ("conversions", conversions), ("unsubscribes", unsubscribes),
            ("resubscribes", resubscribes),
        ]
    }

    /// Adds a rollup figure. Sums are held at the bounds of 64 bits rather than trapping: the
    /// rows are what shops sent, possibly written by an earlier release that checked less, and
    /// a report must never stop the daemon (``Swift/Int64/addingClamped(_:)``).
    mutating func add(metric: String, value: Int64) {
        let parts = metric.split(separator: ":", maxSplits: 2).map(String.init)
        if parts.count == 3, parts[0] == "revenue" {
            revenueMinor[parts[1], default: [:]][parts[2], default: 0].addClamped(value)
            return
        }
        if parts.count == 2, parts[0] == "latency", let bucket = Int(parts[1]) {
            latency[bucket, default: 0].addClamped(value)
            medianSendSeconds = LatencyBuckets.median(latency)
            return
        }
        switch StatsMetric(rawValue: metric) {
        case .watchesCreated: watchesCreated.addClamped(value)
        case .sent: sent.addClamped(value)
        case .delivered: delivered.addClamped(value)
        case .failed: failed.addClamped(value)
        case .humanOpens: humanOpens.addClamped(value)
        case .machineOpens: machineOpens.addClamped(value)
        case .humanClicks: humanClicks.addClamped(value)
        case .scannerClicks: scannerClicks.addClamped(value)
        case .conversions: conversions.addClamped(value)
        case .unsubscribes: unsubscribes.addClamped(value)
        case .resubscribes: resubscribes.addClamped(value)
        case nil: break  // A metric a newer version wrote: not ours to report.
        }
    }

    enum CodingKeys: String, CodingKey {
        case group, watchesCreated = "watches_created", sent, delivered, failed, humanOpens = "human_opens"
        case machineOpens = "machine_opens", humanClicks = "human_clicks", scannerClicks = "scanner_clicks"
        case conversions, unsubscribes, resubscribes, revenueMinor = "revenue_minor"
        case medianSendSeconds = "median_send_seconds"
    }
}

/// `/v1/stats`'s answer: a period, its groups, and the total over all of them.
public struct StatsReport: Sendable, Hashable, Encodable {
    /// First and last day, inclusive, UTC (`2026-11-30`).
    public var from: String
    public var to: String
    public var groupBy: String
    public var groups: [StatsFigures]
    public var total: StatsFigures

    enum CodingKeys: String, CodingKey {
        case from, to, groupBy = "group_by", groups, total
    }

    /// Every (model, currency) with revenue in any group, sorted: the revenue columns of the
    /// CSV and of `restockd stats`.
    public var revenueColumns: [(model: String, currency: String)] {
        // Pairs, not joined text split again: a currency stored by an earlier release, which
        // checked less, may hold a space or be blank.
        struct Column: Hashable, Comparable {
            var model: String
            var currency: String
            static func < (a: Column, b: Column) -> Bool { (a.model, a.currency) < (b.model, b.currency) }
        }
        let columns = (groups + [total]).flatMap { figures in
            figures.revenueMinor.flatMap { model, byCurrency in
                byCurrency.keys.map { Column(model: model, currency: $0) }
            }
        }
        return Set(columns).sorted().map { ($0.model, $0.currency) }
    }

    init(fromDay: Int, toDay: Int, groupBy: StatsGrouping, rows: [StatsRow]) {
        from = StatsGrouping.groupName(.day, [String(fromDay)])
        to = StatsGrouping.groupName(.day, [String(toDay)])
        self.groupBy = groupBy.rawValue
        var byGroup: [String: StatsFigures] = [:]
        var total = StatsFigures(group: "total")
        for row in rows {
            byGroup[row.group, default: StatsFigures(group: row.group)].add(metric: row.metric, value: row.value)
            total.add(metric: row.metric, value: row.value)
        }
        let figures = Array(byGroup.values)
        groups =
            switch groupBy {
            case .variant: figures.sorted { ($1.delivered, $0.group) < ($0.delivered, $1.group) }
            case .day, .kind, .template: figures.sorted { $0.group < $1.group }
            }
        self.total = total
    }
}

extension RestockEngine {
    /// The figures of the days `fromDay...toDay` (days since 1970, UTC), grouped.
    public func stats(fromDay: Int, toDay: Int, groupBy: StatsGrouping) async throws -> StatsReport {
        let rows = try await store.transaction { try $0.stats(fromDay: fromDay, toDay: toDay, groupBy: groupBy) }
        return StatsReport(fromDay: fromDay, toDay: toDay, groupBy: groupBy, rows: rows)
    }
}

extension RestockEngine {
    /// Folds PostgreSQL's pending stats increments into the rollups (nothing on SQLite), in
    /// batches until none is left; returns how many were folded. The stats timer calls it.
    @discardableResult
    public func foldStats() async throws -> Int {
        var total = 0
        while true {
            let folded = try await store.transaction { try $0.foldStats() }
            total += folded
            if folded < 100_000 { return total }
        }
    }
}
