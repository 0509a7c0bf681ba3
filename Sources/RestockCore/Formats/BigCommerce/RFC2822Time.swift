/// BigCommerce v2 times, RFC 2822 as in `"Tue, 20 Nov 2018 15:17:07 +0000"`. Parsed by hand:
/// the format is fixed, and a `DateFormatter` would bring locale and calendar state into what
/// is a pure conversion.
struct RFC2822Time: Decodable, Hashable {
    var timestamp: Timestamp

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let timestamp = Self.parse(text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected an RFC 2822 time like Tue, 20 Nov 2018 15:17:07 +0000"))
        }
        self.timestamp = timestamp
    }

    /// `[Day,] DD Mon YYYY HH:MM[:SS] zone`, the zone `±hhmm`, `GMT`, `UT` or `Z`.
    static func parse(_ text: String) -> Timestamp? {
        var fields = text.split(whereSeparator: \.isWhitespace).map(String.init)
        if let first = fields.first, first.hasSuffix(",") { fields.removeFirst() }
        guard fields.count == 5, let day = number(fields[0]), (1...31).contains(day),
            let month = months.firstIndex(of: fields[1].lowercased()), let year = number(fields[2]),
            (1970...9999).contains(year)
        else { return nil }
        let clock = fields[3].split(separator: ":", omittingEmptySubsequences: false).map(number)
        guard (2...3).contains(clock.count), clock.allSatisfy({ $0 != nil }), let hour = clock[0], let minute = clock[1]
        else { return nil }
        let second = clock.count == 3 ? clock[2]! : 0
        guard hour < 24, minute < 60, second < 61, let offset = offsetSeconds(fields[4]) else { return nil }
        let days = daysFromCivil(year: year, month: month + 1, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
        return Timestamp(microseconds: seconds * 1_000_000)
    }

    static func offsetSeconds(_ zone: String) -> Int? {
        if ["gmt", "ut", "utc", "z"].contains(zone.lowercased()) { return 0 }
        guard zone.utf8.count == 5, let sign = zone.first, sign == "+" || sign == "-",
            let value = number(zone.dropFirst()), value % 100 < 60
        else { return nil }
        let seconds = (value / 100) * 3600 + (value % 100) * 60
        return sign == "-" ? -seconds : seconds
    }

    /// One to four ASCII digits, as every field of the format is: `Int` alone also reads a sign
    /// (a negative hour passed `hour < 24` and overflowed the microseconds, found by the
    /// `bigcommerce` fuzz target) and any length.
    static func number(_ text: some StringProtocol) -> Int? {
        let bytes = text.utf8
        guard (1...4).contains(bytes.count), bytes.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(text)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
