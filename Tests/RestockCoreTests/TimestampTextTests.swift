import RestockCore
import Testing

/// Every text form of a time, written and read by ``Timestamp`` alone, and hostile text refused.
@Suite struct TimestampTextTests {
    /// 2026-11-25T10:00:00Z.
    static let morning = Timestamp(microseconds: 1_795_600_800_000_000)

    @Test func theMailDateHeaderIsRFC5322InUTC() {
        #expect(Self.morning.rfc5322 == "Wed, 25 Nov 2026 10:00:00 +0000")
        #expect(Timestamp(microseconds: 951_782_400_000_000).rfc5322 == "Tue, 29 Feb 2000 00:00:00 +0000")
        // A fraction never rounds a second up, before 1970 too.
        #expect(Timestamp(microseconds: -1).rfc5322 == "Wed, 31 Dec 1969 23:59:59 +0000")
        #expect(Timestamp(microseconds: 1_999_999).rfc5322 == "Thu, 01 Jan 1970 00:00:01 +0000")
    }

    @Test func extremesAreWrittenWithoutTrapping() {
        #expect(Timestamp(microseconds: .max).iso8601 == "294247-01-10T04:00:54Z")
        #expect(Timestamp(microseconds: .min).iso8601.hasSuffix("Z"))
        #expect(Timestamp(microseconds: .min).rfc5322.hasSuffix("+0000"))
        #expect(Timestamp(microseconds: 253_402_300_800_000_000).iso8601 == "10000-01-01T00:00:00Z")
    }

    @Test func iso8601IsWrittenToTheSecondInUTC() {
        #expect(Self.morning.iso8601 == "2026-11-25T10:00:00Z")
        #expect(Self.morning.adding(seconds: 0.9).description == "2026-11-25T10:00:00Z")
        #expect(Timestamp(microseconds: -500_000).iso8601 == "1969-12-31T23:59:59Z")
        #expect(Timestamp.isoDay(20_417) == "2025-11-25")
        #expect(Timestamp.isoDay(-1) == "1969-12-31")
    }

    @Test(arguments: [
        ("2026-11-25T10:00:00Z", 0), ("2026-11-25T11:00:00+01:00", 0), ("2026-11-25T11:00:00+0100", 0),
        ("2026-11-25T11:00:00+01", 0), ("2026-11-25T05:00:00-05:00", 0), ("2026-11-25T10:00:00-00:00", 0),
        ("2026-11-25T10:00:00.123Z", 123_000), ("2026-11-25T10:00:00.1234565Z", 123_457),
        ("2026-11-25T09:59:60Z", 0),
    ])
    func iso8601IsRead(text: String, micros: Int64) {
        #expect(Timestamp(iso8601: text) == Timestamp(microseconds: Self.morning.microseconds + micros))
    }

    @Test(arguments: [
        "", "garbage", "2026-11-25", "2026-11-25T10:00:00", "2026-11-25 10:00:00Z", "2026-11-25t10:00:00z",
        "2026-11-25T10:00:00Zjunk", " 2026-11-25T10:00:00Z", "2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z",
        "2026-11-25T24:00:00Z", "2026-11-25T10:60:00Z", "2026-11-25T10:00:61Z", "2026-11-25T10:00:00+24:00",
        "2026-11-25T10:00:00+01:60", "12026-11-25T10:00:00Z", "+275760-09-13T00:00:00Z", "2026-1-5T1:0:0Z",
        "2026-11-25T10:00:00.Z", "2026-11-25T10:00:00.1234567891Z", "-026-11-25T10:00:00Z", "2026-11-25T-1:00:00Z",
        "2026-11-25T10:00:00" + String(repeating: "0", count: 100) + "Z",
    ])
    func hostileISO8601IsRefused(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }

    @Test func statsDaysAreReadAsWritten() {
        #expect(Timestamp.isoDay("2026-11-30") == 20_787)
        // A full time's own date, whatever its zone.
        #expect(Timestamp.isoDay("2026-11-30T01:00:00+02:00") == 20_787)
        #expect(Timestamp.isoDay("2024-02-29") != nil)
        for text in ["2026-11-30junk", "2025-02-29", "yesterday", "2026-13-01", "99999-01-01", "2026-11-3"] {
            #expect(Timestamp.isoDay(text) == nil, "\(text)")
        }
    }

    @Test(arguments: [
        "Wed, 25 Nov 2026 10:00:00 +0000", "25 Nov 2026 10:00:00 GMT", "Wed, 25 Nov 2026 11:00 +0100",
        "Wed, 25 nov 2026 10:00:00 UT", "Wed, 25 Nov 2026 05:00:00 -0500",
    ])
    func rfc5322AndHTTPDatesAreRead(text: String) {
        #expect(Timestamp(rfc5322: text) == Self.morning)
    }

    @Test(arguments: [
        "", "Wed, 25 Nov 2026", "Wed, 32 Nov 2026 10:00:00 GMT", "Wed, 25 Foo 2026 10:00:00 GMT",
        "Wed, 25 Nov 1969 10:00:00 GMT", "Wed, 25 Nov 10000 10:00:00 GMT", "Wed, 25 Nov 2026 -1:00:00 GMT",
        "Wed, 25 Nov 2026 24:00:00 GMT", "Wed, 25 Nov 2026 10:00:00 PST", "Wed, 25 Nov 2026 10:00:00 +01:00",
        "Wed, 25 Nov 2026 10:00:00 +0160", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
        "Wed, 25 Nov 2026 10:00:00 GMT" + String(repeating: " ", count: 100),
    ])
    func hostileRFC5322IsRefused(text: String) {
        #expect(Timestamp(rfc5322: text) == nil)
    }
}
