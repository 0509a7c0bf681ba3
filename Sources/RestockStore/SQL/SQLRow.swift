import RestockCore

/// One result row, read by column position: a by-name look-up per column was a third of the
/// time of reading a 100,000-watch wave. Each driver's row type conforms.
protocol SQLRow {
    func int64(_ column: Int) throws -> Int64
    func optionalInt64(_ column: Int) throws -> Int64?
    func string(_ column: Int) throws -> String
    func optionalString(_ column: Int) throws -> String?
    func bool(_ column: Int) throws -> Bool
}

extension SQLRow {
    func int(_ column: Int) throws -> Int { Int(try int64(column)) }

    func timestamp(_ column: Int) throws -> Timestamp { Timestamp(microseconds: try int64(column)) }

    func optionalTimestamp(_ column: Int) throws -> Timestamp? {
        try optionalInt64(column).map(Timestamp.init(microseconds:))
    }

    /// A column holding a Swift enum's raw value; an unknown value means a newer or damaged
    /// database, not a programming error, so it throws instead of trapping.
    func rawEnum<E: RawRepresentable>(_ column: Int, as type: E.Type = E.self) throws -> E
    where E.RawValue == String {
        let raw = try string(column)
        guard let value = E(rawValue: raw) else {
            throw StoreError(.corrupt, details: "unknown \(E.self) '\(raw)' in column \(column)")
        }
        return value
    }
}
