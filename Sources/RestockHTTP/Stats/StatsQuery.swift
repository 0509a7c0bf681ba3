import Foundation
import Hummingbird
import RestockCore

/// The parameters of `/v1/stats`, `/report` and `restockd stats`: a range of whole UTC days and
/// a grouping. A bad value is refused with a message that names the parameter (a 400 over HTTP).
public struct StatsQuery: Sendable, Hashable {
    public var fromDay: Int
    public var toDay: Int
    public var groupBy: StatsGrouping

    /// A parameter that cannot be used, and why, starting with its name (`from: …`).
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// At most ten years in one query.
    static let maxDays = 3_660

    /// `from`/`to` as `2026-11-30` (or a full ISO 8601 time, whose day is used); by default
    /// the 30 days up to today.
    public init(_ parameters: [String: String], today: Int, defaultGrouping: StatsGrouping = .day) throws(Invalid) {
        toDay = try parameters["to"].map { text throws(Invalid) in try Self.day(text, name: "to") } ?? today
        fromDay = try parameters["from"].map { text throws(Invalid) in try Self.day(text, name: "from") } ?? toDay - 29
        guard fromDay <= toDay else { throw Invalid(description: "from: must not be after to") }
        guard toDay - fromDay < Self.maxDays else {
            throw Invalid(description: "from: the range may span at most \(Self.maxDays) days")
        }
        if let text = parameters["group_by"] {
            guard let grouping = StatsGrouping(rawValue: text) else {
                throw Invalid(
                    description:
                        "group_by: expected one of \(StatsGrouping.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            groupBy = grouping
        } else {
            groupBy = defaultGrouping
        }
    }

    /// Days from 1970 to 9999: anything a report can mean.
    static let validDays: ClosedRange<Int64> = 0...2_932_896

    public static func day(_ text: String, name: String) throws(Invalid) -> Int {
        if text.utf8.count <= 64, let day = Timestamp.isoDay(text), validDays.contains(day) {
            return Int(day)
        }
        // Echoed at most 64 characters: the header cap lets a query be 16 KiB.
        throw Invalid(description: "\(name): expected a date like 2026-11-30, got \"\(text.prefix(64))\"")
    }
}

extension StatsQuery {
    /// The query of an HTTP request: a bad parameter is a 400 naming it.
    init(request parameters: [String: String], today: Int) throws {
        do {
            try self.init(parameters, today: today)
        } catch {
            throw HTTPError(.badRequest, message: error.description)
        }
    }
}

extension Request {
    /// The query parameters, the last of a repeated one winning.
    var queryDictionary: [String: String] {
        Dictionary(uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { $1 })
    }
}
