import Foundation
import GRDB
import LibPQ
import RestockCore
import RestockEngine

/// `stats-90d`: `/v1/stats`'s query for 90 days over a database holding 5,000,000 events
/// (target ≤ 200 ms), for each grouping.
///
/// The events (opens and clicks of 1,000,000 emails about 1,000 variants, over 90 days) and
/// the rollups they would have produced are written with bulk SQL, identical for both stores:
/// through the daemon they would take hours. Each run times the engine's stats call (store
/// query and report assembly) ten times per grouping and keeps the median.
struct StatsQueryBenchmark {
    var events: Int
    var variants: Int
    var runs: Int

    static let queriesPerRun = 10
    /// 2026-09-02, so the 90 days end on 2026-11-30.
    static let firstDay = 20_333

    func run(on target: StoreTarget, report: Report) async throws {
        let name = "stats-90d [\(target.dialect)]"
        do {
            try await target.withScratchDatabase(label: "stats") { database in
                try await database.withStore { open in
                    Report.progress("stats-90d: writing \(events) events and their rollups")
                    let started = ContinuousClock.now
                    try await fill(database, open)
                    Report.progress("stats-90d: filled in \(Figure.format((ContinuousClock.now - started).seconds)) s")
                    let engine = open.engine()
                    for grouping in StatsGrouping.allCases {
                        var samples: [Double] = []
                        var groups = 0
                        for run in 1...runs {
                            Report.progress("stats-90d group_by=\(grouping.rawValue) run \(run)/\(runs)")
                            var times: [Double] = []
                            for _ in 0..<Self.queriesPerRun {
                                let start = ContinuousClock.now
                                let answer = try await engine.stats(
                                    fromDay: Self.firstDay, toDay: Self.firstDay + 89, groupBy: grouping)
                                times.append((ContinuousClock.now - start).seconds * 1000)
                                groups = answer.groups.count
                            }
                            samples.append(Figure(name: "", unit: "", samples: times).median)
                        }
                        report.add(
                            Figure(
                                name: "\(name) group_by=\(grouping.rawValue)", unit: "ms", samples: samples,
                                target: .atMost(200)))
                        report.info("\(groups) groups; each run the median of \(Self.queriesPerRun) queries")
                    }
                    report.info("\(events) events of \(events / 5) emails about \(variants) variants over 90 days")
                }
            }
        } catch let unavailable as StoreUnavailable {
            report.skip(name, reason: unavailable.reason)
        }
    }

    private func fill(_ database: ScratchDatabase, _ open: OpenStore) async throws {
        let statements = Self.fillSQL(events: events, variants: variants)
        if let pool = open.pool {
            for statement in statements {
                try await pool.withConnection { _ = try $0.simpleQuery(statement) }
            }
            try await pool.withConnection { _ = try $0.simpleQuery("ANALYZE") }
        } else {
            let queue = try DatabaseQueue(path: String(database.url.dropFirst("sqlite:".count)))
            try await queue.write { db in
                for statement in statements { try db.execute(sql: statement) }
            }
            try await queue.writeWithoutTransaction { try $0.execute(sql: "ANALYZE") }
        }
    }

    /// The same SQL for both dialects. Email `o` is about variant `o % variants`, is one of 8
    /// back-in-stock to 1 sold-out-again to 1 confirm, is in Polish when `o % 5 = 0`, and was
    /// sent on day `o % 90`; event `i` belongs to email `i / 5`, three in five are opens, one in
    /// seven a machine's.
    static func fillSQL(events: Int, variants: Int) -> [String] {
        let emails = events / 5
        let dayMicros: Int64 = 86_400_000_000
        let start = Int64(firstDay) * dayMicros
        let kind = "CASE WHEN o % 10 < 8 THEN 'back_in_stock' WHEN o % 10 = 8 THEN 'sold_out_again' ELSE 'confirm' END"
        let language = "CASE WHEN o % 5 = 0 THEN 'pl' ELSE 'en' END"
        let variant = "'v' || (o % \(variants))"
        let eventMetric = """
            CASE WHEN i % 5 < 3 THEN (CASE WHEN i % 7 = 0 THEN 'machine_opens' ELSE 'human_opens' END)
                 ELSE (CASE WHEN i % 7 = 0 THEN 'scanner_clicks' ELSE 'human_clicks' END) END
            """
        let numbers = { (count: Int, name: String) in
            "WITH RECURSIVE n(\(name)) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT \(name) + 1 FROM n WHERE \(name) < \(count - 1))"
        }
        // Facts per email: sent, delivered, a latency bucket, and revenue for one in 40.
        let emailFacts = """
            SELECT o, o % 90 AS d, 'sent' AS metric, 1 AS value FROM n
            UNION ALL SELECT o, o % 90, 'delivered', 1 FROM n
            UNION ALL SELECT o, o % 90, 'latency:' || (20 + o % 12), 1 FROM n WHERE o % 10 < 8
            UNION ALL SELECT o, o % 90, 'revenue:' || (CASE o % 3 WHEN 0 THEN 'direct' WHEN 1 THEN 'click' ELSE 'view' END)
                || (CASE WHEN o % 2 = 0 THEN ':EUR' ELSE ':PLN' END), 2500 FROM n WHERE o % 40 = 0
            """
        let eventFacts = "SELECT i, i / 5 AS o, (i / 5) % 90 AS d, \(eventMetric) AS metric FROM n"
        return [
            """
            \(numbers(events, "i"))
            INSERT INTO events (kind, outbox_id, at, machine, visitor)
            SELECT CASE WHEN i % 5 < 3 THEN 'open' ELSE 'click' END, i / 5,
                   \(start) + ((i / 5) % 90) * \(dayMicros) + (i % 86400) * 1000000, i % 7 = 0, 'v' || i
            FROM n
            """,
            """
            \(numbers(emails, "o"))
            INSERT INTO stats_daily (day, kind, language, metric, value)
            SELECT \(firstDay) + d, \(kind), \(language), metric, SUM(value) FROM (\(emailFacts)) f
            GROUP BY 1, 2, 3, 4
            """,
            """
            \(numbers(emails, "o"))
            INSERT INTO stats_variant_daily (day, variant_id, metric, value)
            SELECT \(firstDay) + d, \(variant), metric, SUM(value) FROM (\(emailFacts)) f GROUP BY 1, 2, 3
            """,
            """
            \(numbers(events, "i"))
            INSERT INTO stats_daily (day, kind, language, metric, value)
            SELECT \(firstDay) + d, \(kind), \(language), metric, COUNT(*) FROM (\(eventFacts)) f WHERE true GROUP BY 1, 2, 3, 4
            ON CONFLICT (day, kind, language, metric) DO UPDATE SET value = stats_daily.value + excluded.value
            """,
            """
            \(numbers(events, "i"))
            INSERT INTO stats_variant_daily (day, variant_id, metric, value)
            SELECT \(firstDay) + d, \(variant), metric, COUNT(*) FROM (\(eventFacts)) f WHERE true GROUP BY 1, 2, 3
            ON CONFLICT (day, variant_id, metric) DO UPDATE SET value = stats_variant_daily.value + excluded.value
            """,
        ]
    }
}
