import GRDB
import RestockCore

/// One write transaction of ``SQLiteStore``. The SQL for each table is in
/// `SQLiteTransaction+<Table>.swift`; every method turns GRDB's errors into ``StoreError`` so a
/// body sees the same error type on both stores.
///
/// Values always travel as statement arguments. Hot statements use `cachedStatement`, which
/// compiles once per connection and rebinds, so a 100,000-row loop parses its SQL once.
struct SQLiteTransaction: StoreTransaction {
    let db: Database

    /// `?, ?, ?…` for an `IN` list of `count` arguments.
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// The raw values of the live watch states, as arguments for `state IN (…)`.
    static var liveStateArguments: StatementArguments {
        StatementArguments(WatchState.liveStates.map(\.rawValue))
    }

    static let liveStatePlaceholders = placeholders(WatchState.liveStates.count)

    /// `[1,2,3]`: the ids as one JSON array text, for `json_each`.
    static func jsonArray(_ ids: [Int64]) -> String {
        var text = "["
        text.reserveCapacity(ids.count * 8 + 2)
        for (index, id) in ids.enumerated() {
            if index > 0 { text += "," }
            text += String(id)
        }
        text += "]"
        return text
    }
}

extension Row {
    func timestamp(_ column: String) -> Timestamp {
        Timestamp(microseconds: self[column])
    }

    func optionalTimestamp(_ column: String) -> Timestamp? {
        (self[column] as Int64?).map(Timestamp.init(microseconds:))
    }

    /// Reads a column holding a Swift enum's raw value; an unknown value means a newer or damaged
    /// database, not a programming error, so it throws instead of trapping.
    func rawEnum<E: RawRepresentable>(_ column: String, as type: E.Type = E.self) throws -> E
    where E.RawValue == String {
        let raw: String = self[column]
        guard let value = E(rawValue: raw) else {
            throw StoreError(.corrupt, details: "unknown \(E.self) '\(raw)' in column \(column)")
        }
        return value
    }
}
