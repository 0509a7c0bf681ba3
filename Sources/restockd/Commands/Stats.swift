import ArgumentParser
import Foundation
import Logging
import RestockCore
import RestockEngine
import RestockHTTP

/// `restockd stats`: the figures of `/v1/stats`, read straight from the store, as a table (or
/// CSV) for a terminal or a cron job.
struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the stats of /v1/stats as a table.",
        discussion: "Days are UTC. By default the 30 days up to today, by day.")

    @OptionGroup var options: CommonOptions

    @Option(help: "First day, e.g. 2026-11-01 (default: 29 days before --to).")
    var from: String?

    @Option(help: "Last day, e.g. 2026-11-30 (default: today).")
    var to: String?

    @Option(name: .customLong("group-by"), help: "day, variant, kind or template.")
    var groupBy: String = StatsGrouping.day.rawValue

    @Flag(help: "CSV, as /v1/stats?format=csv gives it, instead of a table.")
    var csv = false

    func run() async throws {
        var parameters = ["group_by": groupBy]
        parameters["from"] = from
        parameters["to"] = to
        let query: StatsQuery
        do {
            query = try StatsQuery(parameters, today: StatsIncrement.day(.now))
        } catch {
            throw ValidationError(error.description.replacingOccurrences(of: "group_by:", with: "--group-by:"))
        }
        let configuration = try await loadConfiguration(options)
        let logger = Logger(label: "restockd.stats")
        let (store, _) = try Daemon.openStore(configuration, logger: logger)
        _ = try await exitingOnConfigError {
            try await Daemon.prepareSchema(
                store, policy: configuration.migrationPolicy, storeDescription: configuration.storeDescription)
        }
        let engine = RestockEngine(store: store, configuration: configuration.engine, logger: logger)
        let report = try await engine.stats(fromDay: query.fromDay, toDay: query.toDay, groupBy: query.groupBy)
        try await store.close()
        print(csv ? StatsCSV.render(report) : StatsTable.render(report), terminator: "")
    }
}

/// The report as aligned columns: the counts, the median, and revenue per model and currency.
enum StatsTable {
    static func render(_ report: StatsReport) -> String {
        let revenue = report.revenueColumns
        let header =
            [report.groupBy] + [
                "watches", "sent", "delivered", "failed", "opened", "machine", "clicked", "scanner", "bought", "unsub",
                "resub", "median",
            ] + revenue.map { "\($0.model) \($0.currency)" }
        var table = [header]
        for figures in report.groups + [report.total] {
            var cells = [figures.group] + figures.counts.map { String($0.1) }
            cells.append(figures.medianSendSeconds.map { String(format: "%.3fs", $0) } ?? "-")
            cells += revenue.map { column in
                ReportFormat.money(
                    figures.revenueMinor[column.model]?[column.currency] ?? 0, currency: column.currency,
                    withCode: false)
            }
            table.append(cells)
        }
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        let lines = table.map { cells in
            cells.enumerated().map { column, cell in
                column == 0
                    ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }
        return "\(report.from) to \(report.to), people's opens and clicks only (machines apart)\n"
            + lines.joined(separator: "\n") + "\n"
    }
}
