import Foundation
import Hummingbird
import RestockCore

/// The parameters of `/v1/stats` and `/report`: a range of whole UTC days and a grouping.
/// A bad value is a 400 that names the parameter.
struct StatsQuery: Sendable, Hashable {
    var fromDay: Int
    var toDay: Int
    var groupBy: StatsGrouping

    /// At most ten years in one query.
    static let maxDays = 3_660

    /// `from`/`to` as `2026-11-30` (or a full ISO 8601 time, whose day is used); by default
    /// the 30 days up to today.
    init(_ parameters: [String: String], today: Int, defaultGrouping: StatsGrouping = .day) throws {
        toDay = try parameters["to"].map { try Self.day($0, name: "to") } ?? today
        fromDay = try parameters["from"].map { try Self.day($0, name: "from") } ?? toDay - 29
        guard fromDay <= toDay else { throw HTTPError(.badRequest, message: "from: must not be after to") }
        guard toDay - fromDay < Self.maxDays else {
            throw HTTPError(.badRequest, message: "from: the range may span at most \(Self.maxDays) days")
        }
        if let text = parameters["group_by"] {
            guard let grouping = StatsGrouping(rawValue: text) else {
                throw HTTPError(
                    .badRequest,
                    message:
                        "group_by: expected one of \(StatsGrouping.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            groupBy = grouping
        } else {
            groupBy = defaultGrouping
        }
    }

    static func day(_ text: String, name: String) throws -> Int {
        let dateOnly = Date.ISO8601FormatStyle().year().month().day().dateSeparator(.dash)
        if let date = (try? dateOnly.parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text)) {
            return StatsIncrement.day(Timestamp(date))
        }
        throw HTTPError(.badRequest, message: "\(name): expected a date like 2026-11-30, got \"\(text)\"")
    }
}
