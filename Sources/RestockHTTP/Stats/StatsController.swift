import Foundation
import Hummingbird
import RestockCore
import RestockEngine

/// `GET /v1/stats?from=&to=&group_by=day|variant|kind|template&format=json|csv` (admin token):
/// the shop's figures for its reports, from the daily rollups.
struct StatsController: Sendable {
    let engine: RestockEngine
    let clock: @Sendable () -> Timestamp

    var endpoints: RouteCollection<RestockRequestContext> {
        let routes = RouteCollection(context: RestockRequestContext.self)
        routes.get(use: stats)
        return routes
    }

    func stats(request: Request, context: RestockRequestContext) async throws -> Response {
        let parameters = request.queryDictionary
        let query = try StatsQuery(request: parameters, today: StatsIncrement.day(clock()))
        let report = try await engine.stats(fromDay: query.fromDay, toDay: query.toDay, groupBy: query.groupBy)
        switch parameters["format"] ?? "json" {
        case "json": return try jsonResponse(report)
        case "csv":
            var headers = HTTPFields()
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = #"attachment; filename="restock-stats-\#(report.from)-\#(report.to).csv""#
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: StatsCSV.render(report))))
        default: throw HTTPError(.badRequest, message: "format: expected json or csv")
        }
    }
}

/// The report as CSV (RFC 4180): one row per group and a last `total` row; revenue in minor
/// units, one column per model and currency that has any.
public enum StatsCSV {
    public static func render(_ report: StatsReport) -> String {
        let revenueColumns = report.revenueColumns
        var header = [report.groupBy] + report.total.counts.map(\.0) + ["median_send_seconds"]
        header += revenueColumns.map { "revenue_\($0.model)_\($0.currency)_minor" }
        var lines = [header.map(field).joined(separator: ",")]
        for figures in report.groups + [report.total] {
            var cells = [figures.group] + figures.counts.map { String($0.1) }
            cells.append(figures.medianSendSeconds.map { String(format: "%.3f", $0) } ?? "")
            cells += revenueColumns.map { String(figures.revenueMinor[$0.model]?[$0.currency] ?? 0) }
            lines.append(cells.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Quoted when it holds a comma, quote or line break; a variant id can hold anything.
    ///
    /// A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to
    /// a spreadsheet, and variant ids come from outside (any storefront visitor can watch
    /// `=HYPERLINK("https://evil.example","Refund")`), so such a cell gets a leading `'` and
    /// is quoted, as OWASP's "CSV Injection" advises. Numbers (`-1250`, a reversed revenue) are
    /// left as they are: they are figures, not formulas.
    static func field(_ text: String) -> String {
        let digits = text.hasPrefix("-") ? text.dropFirst() : text[...]
        let number = !digits.isEmpty && digits.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
        let formula = !number && text.first.map { "=+-@\t\r".contains($0) } == true
        let cell = formula ? "'" + text : text
        guard formula || cell.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
