import Foundation

/// A figure the stats endpoint reports, as the rollups name it.
public enum StatsMetric: String, Sendable, CaseIterable, Codable {
    case watchesCreated = "watches_created"
    /// Emails that left the outbox for good: delivered plus failed.
    case sent
    /// Accepted by the receiving server.
    case delivered
    /// Refused for good (a 5xx, or a 4xx past the give-up age).
    case failed
    /// Emails opened by a person, each counted once, on the day of its first such open.
    case humanOpens = "human_opens"
    /// Every open by a proxy or bot.
    case machineOpens = "machine_opens"
    /// Emails whose links a person followed, each counted once, on the day of the first click.
    case humanClicks = "human_clicks"
    /// Every click by a scanner or bot.
    case scannerClicks = "scanner_clicks"
    /// Notified watches whose customer bought the variant.
    case conversions
    /// Watches ended by an unsubscribe.
    case unsubscribes
    /// "Sold out again" watches put back in the queue from their email.
    case resubscribes

    /// `revenue:<model>:<currency>`: attributed revenue in minor units.
    public static func revenue(_ model: AttributionModel, _ currency: String) -> String {
        "revenue:\(model.rawValue):\(currency)"
    }

    /// `latency:<bucket>`: how long emails took from being queued to being accepted.
    public static func latency(seconds: Double) -> String { "latency:\(LatencyBuckets.bucket(seconds: seconds))" }
}

/// Queue-to-acceptance times kept as a histogram, so a median over any range is a sum of
/// rollup rows rather than a sort of every email. Bucket `b` holds times in
/// [2^(b/8), 2^((b+1)/8)) milliseconds: a reported median is within 4.5% of the true one.
public enum LatencyBuckets {
    public static func bucket(seconds: Double) -> Int {
        let milliseconds = max(seconds * 1000, 1)
        return Int((log2(milliseconds) * 8).rounded(.down))
    }

    /// The middle of the bucket, in seconds.
    public static func seconds(bucket: Int) -> Double { pow(2, (Double(bucket) + 0.5) / 8) / 1000 }

    /// The median of a histogram (bucket → count); `nil` when it is empty.
    public static func median(_ counts: [Int: Int64]) -> Double? {
        // Counts read back from the store: summed without trapping, whatever they hold.
        let total = counts.values.reduce(Int64(0)) { $0.addingClamped($1) }
        guard total > 0 else { return nil }
        var seen: Int64 = 0
        for (bucket, count) in counts.sorted(by: { $0.key < $1.key }) {
            seen.addClamped(count)
            if Double(seen) * 2 >= Double(total) { return seconds(bucket: bucket) }
        }
        return nil
    }
}

/// One change to the daily rollups: `delta` to `metric` on `day` for an email kind and
/// language (both `""` for facts about watches rather than emails), and for a variant.
public struct StatsIncrement: Hashable, Sendable {
    /// Days since 1970-01-01, UTC.
    public var day: Int
    public var kind: String
    public var language: String
    public var variantID: String
    public var metric: String
    public var delta: Int64

    public init(day: Int, kind: String, language: String, variantID: String, metric: String, delta: Int64 = 1) {
        self.day = day
        self.kind = kind
        self.language = language
        self.variantID = variantID
        self.metric = metric
        self.delta = delta
    }

    /// The UTC day of a time.
    public static func day(_ at: Timestamp) -> Int {
        Int((Double(at.microseconds) / 86_400_000_000).rounded(.down))
    }

    /// The language an email was written in for its recipient: the watch's locale, else the
    /// customer's, reduced to its language (`pl-PL` → `pl`); `default` when neither has one.
    public static func language(watchLocale: String?, customerLocale: String?) -> String {
        let locale = (watchLocale ?? customerLocale ?? "").replacingOccurrences(of: "_", with: "-")
        let language = locale.split(separator: "-").first.map { $0.lowercased() } ?? ""
        return language.isEmpty ? "default" : language
    }
}

/// How the stats endpoint groups its figures.
public enum StatsGrouping: String, Sendable, CaseIterable {
    case day, variant, kind, template
}

/// One summed rollup figure of a group.
public struct StatsRow: Hashable, Sendable {
    /// The day (`2026-11-30`), variant id, kind, or `kind/language`.
    public var group: String
    public var metric: String
    public var value: Int64

    public init(group: String, metric: String, value: Int64) {
        self.group = group
        self.metric = metric
        self.value = value
    }
}

/// Where an email's figures go in the rollups: its kind, language and first variant.
public struct StatsKey: Hashable, Sendable {
    public var kind: String
    public var language: String
    public var variantID: String

    public init(kind: String, language: String, variantID: String) {
        self.kind = kind
        self.language = language
        self.variantID = variantID
    }

    public func increment(_ metric: StatsMetric, at: Timestamp, by delta: Int64 = 1) -> StatsIncrement {
        increment(metric.rawValue, at: at, by: delta)
    }

    public func increment(_ metric: String, at: Timestamp, by delta: Int64 = 1) -> StatsIncrement {
        StatsIncrement(
            day: StatsIncrement.day(at), kind: kind, language: language, variantID: variantID, metric: metric,
            delta: delta)
    }
}

extension StatsGrouping {
    /// A sum from the halves the stores' rollup query returns (its high and low 32 bits summed
    /// apart, so a sum across days cannot overflow in the database), held at the
    /// bounds of 64 bits (``Swift/Int64/addingClamped(_:)`` says why).
    public static func total(high: Int64, low: Int64) -> Int64 {
        let exact = Int128(high) << 32 + Int128(low)
        return Int64(clamping: exact)
    }

    /// A group's name from its columns' values: an ISO date for a day, `kind/language` for a
    /// template, and `watches` for facts about watches, which have no email kind.
    public static func groupName(_ grouping: StatsGrouping, _ values: [String]) -> String {
        switch grouping {
        case .day:
            return Timestamp.isoDay(Int64(values.first ?? "") ?? 0)
        case .kind: return values.first.map { $0.isEmpty ? "watches" : $0 } ?? ""
        case .template:
            guard let kind = values.first, !kind.isEmpty else { return "watches" }
            return "\(kind)/\(values.count > 1 && !values[1].isEmpty ? values[1] : "default")"
        case .variant: return values.first ?? ""
        }
    }
}
