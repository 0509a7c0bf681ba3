/// Every text form of a time Restock reads or writes, in one place and computed by hand
/// (``Timestamp/civil(days:)``): no `DateFormatter` or format style, whose output follows the
/// process locale and calendar (Foundation writes dates before 1582 in the Julian calendar) and
/// whose parsers accept more than the format (`2026-02-30`, `…Zjunk`, five-digit years).
///
/// - RFC 5322 `date-time` (`Tue, 01 Dec 2026 14:03:00 +0000`): the mail `Date` header written,
///   and BigCommerce's times and HTTP's `Last-Modified` (RFC 9110 IMF-fixdate) read.
/// - ISO 8601 / RFC 3339 (`2026-11-25T10:00:00Z`): platform payloads read, logs and answers
///   written.
/// - ISO dates (`2026-11-30`): stats days, read and written.
extension Timestamp {
    static let weekdayNames = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The RFC 5322 §3.3 `date-time` in UTC, to the second: `Tue, 01 Dec 2026 14:03:00 +0000`.
    /// The day and month names are the spec's, whatever the process locale.
    public var rfc5322: String {
        let (day, second) = dayAndSecond
        let (year, month, dayOfMonth) = Self.civil(days: day)
        let weekday = Self.weekdayNames[Int(((day % 7) + 7) % 7)]
        return "\(weekday), \(Self.padded(dayOfMonth, 2)) \(Self.monthNames[Int(month) - 1]) \(year) "
            + "\(Self.clock(second)) +0000"
    }

    /// `2026-11-25T10:00:00Z`: UTC, whole seconds (a fraction is dropped, as Foundation's
    /// `.iso8601` did). Years past 9999 are written in full.
    public var iso8601: String {
        let (day, second) = dayAndSecond
        return "\(Self.isoDay(day))T\(Self.clock(second))Z"
    }

    /// `2026-11-30` for a day counted from 1970-01-01 (``StatsIncrement/day(_:)``).
    public static func isoDay(_ day: Int64) -> String {
        let (year, month, dayOfMonth) = civil(days: day)
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(dayOfMonth, 2))"
    }

    static func clock(_ secondOfDay: Int64) -> String {
        "\(padded(secondOfDay / 3600, 2)):\(padded(secondOfDay / 60 % 60, 2)):\(padded(secondOfDay % 60, 2))"
    }

    /// `[Day,] DD Mon YYYY HH:MM[:SS] zone`, the zone `±hhmm`, `GMT`, `UT`, `UTC` or `Z`; years
    /// 1970 to 9999. Covers RFC 5322 `date-time` as BigCommerce sends it and RFC 9110's
    /// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`); the day name is not checked.
    public init?(rfc5322 text: String) {
        guard text.utf8.count <= 64 else { return nil }
        var fields = text.split(whereSeparator: \.isWhitespace).map(String.init)
        if let first = fields.first, first.hasSuffix(",") { fields.removeFirst() }
        guard fields.count == 5, let day = Self.digits(fields[0], 1...4), (1...31).contains(day),
            let month = Self.monthNames.firstIndex(where: { $0.lowercased() == fields[1].lowercased() }),
            let year = Self.digits(fields[2], 4...4), (1970...9999).contains(year)
        else { return nil }
        let clock = fields[3].split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(clock.count), let hour = Self.digits(clock[0], 1...4),
            let minute = Self.digits(clock[1], 1...4),
            let second = clock.count == 3 ? Self.digits(clock[2], 1...4) : 0,
            hour < 24, minute < 60, second < 61, let offset = Self.rfc5322Offset(fields[4])
        else { return nil }
        self.init(days: Self.days(year: year, month: Int64(month) + 1, day: day), hour, minute, second, offset)
    }

    /// RFC 3339 / ISO 8601 extended: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±hh:mm|±hhmm|±hh)`,
    /// second 60 (a leap second) counting as the next minute's first. Anything else, an
    /// impossible date (`2026-02-30`) or anything after the zone, is `nil`.
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        guard (20...64).contains(bytes.count), bytes[10] == UInt8(ascii: "T"),
            let day = Self.isoDate(bytes[0..<10]),
            let hour = Self.digits(bytes[11..<13]), bytes[13] == UInt8(ascii: ":"),
            let minute = Self.digits(bytes[14..<16]), bytes[16] == UInt8(ascii: ":"),
            let second = Self.digits(bytes[17..<19]), hour < 24, minute < 60, second <= 60
        else { return nil }
        var rest = bytes[19...]
        var micros: Int64 = 0
        if rest.first == UInt8(ascii: ".") {
            let fraction = rest.dropFirst().prefix { (0x30...0x39).contains($0) }
            guard (1...9).contains(fraction.count) else { return nil }
            // To the microsecond, rounded: the seventh digit decides.
            let padded = Array(fraction) + Array(repeating: UInt8(ascii: "0"), count: 9 - fraction.count)
            micros = (Self.digits(padded[0..<9])! + 500) / 1000
            rest = rest.dropFirst(1 + fraction.count)
        }
        guard let offset = Self.isoOffset(rest) else { return nil }
        self.init(days: day, hour, minute, second, offset)
        self.microseconds += micros
    }

    /// `YYYY-MM-DD` as a day since 1970-01-01, or, for a full ``init(iso8601:)`` time, the date
    /// as written (its zone does not move it to another day).
    public static func isoDay(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, let day = isoDate(bytes[0..<10]) else { return nil }
        guard bytes.count == 10 || Timestamp(iso8601: text) != nil else { return nil }
        return day
    }

    /// Seconds from the clock fields and a zone offset; every field was range-checked.
    private init(days: Int64, _ hour: Int64, _ minute: Int64, _ second: Int64, _ offset: Int64) {
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        self.init(microseconds: seconds * 1_000_000)
    }

    /// `YYYY-MM-DD` with a real month and day, as days since 1970-01-01.
    static func isoDate(_ bytes: ArraySlice<UInt8>) -> Int64? {
        let at = bytes.startIndex
        guard bytes.count == 10, bytes[at + 4] == UInt8(ascii: "-"), bytes[at + 7] == UInt8(ascii: "-"),
            let year = digits(bytes[at..<at + 4]), let month = digits(bytes[at + 5..<at + 7]),
            let day = digits(bytes[at + 8..<at + 10]), (1...12).contains(month), day >= 1,
            day <= daysInMonth(year: year, month: month)
        else { return nil }
        return days(year: year, month: month, day: day)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        days(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1)
            - days(year: year, month: month, day: 1)
    }

    /// `Z`, `±hh:mm`, `±hhmm` or `±hh` (hours 0-23, minutes 0-59), in seconds east of UTC.
    static func isoOffset(_ bytes: ArraySlice<UInt8>) -> Int64? {
        if bytes.count == 1, bytes.first == UInt8(ascii: "Z") { return 0 }
        guard let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        var rest = Array(bytes.dropFirst())
        if rest.count == 5, rest[2] == UInt8(ascii: ":") { rest.remove(at: 2) }
        guard rest.count == 2 || rest.count == 4, let hours = digits(rest[0..<2]), hours < 24 else { return nil }
        let minutes = rest.count == 4 ? digits(rest[2..<4]) : 0
        guard let minutes, minutes < 60 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return sign == UInt8(ascii: "-") ? -seconds : seconds
    }

    static func rfc5322Offset(_ zone: String) -> Int64? {
        if ["gmt", "ut", "utc", "z"].contains(zone.lowercased()) { return 0 }
        guard zone.utf8.count == 5, let sign = zone.first, sign == "+" || sign == "-",
            let value = digits(zone.dropFirst(), 4...4), value % 100 < 60
        else { return nil }
        let seconds = (value / 100) * 3600 + (value % 100) * 60
        return sign == "-" ? -seconds : seconds
    }

    /// ASCII digits only, `count` of them: `Int` alone would also read a sign (a negative hour
    /// once passed `hour < 24` and overflowed the microseconds, found by the `bigcommerce` fuzz
    /// target) and any length.
    static func digits(_ text: some StringProtocol, _ count: ClosedRange<Int>) -> Int64? {
        let bytes = Array(text.utf8)
        guard count.contains(bytes.count) else { return nil }
        return digits(bytes[...])
    }

    static func digits(_ bytes: ArraySlice<UInt8>) -> Int64? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var value: Int64 = 0
        for byte in bytes {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        return value
    }
}
