import CLibPQ

/// The rows of one statement's result, already fully received.
///
/// `Sendable`, so rows may be returned out of ``PostgresPool/withConnection(_:)`` and decoded
/// anywhere; see ``PostgresResult`` for why that is safe.
public struct PostgresRows: RandomAccessCollection, Sendable {
    let result: PostgresResult

    init(result: PostgresResult) { self.result = result }

    public var startIndex: Int { 0 }
    public var endIndex: Int { result.rowCount }

    public subscript(position: Int) -> PostgresRow {
        precondition(indices.contains(position), "row \(position) out of range 0..<\(count)")
        return PostgresRow(result: result, row: position)
    }

    /// The result's column names, in order.
    public var columns: [String] { result.columnNames }

    /// The command tag, e.g. `INSERT 0 1` or `SELECT 3`.
    public var commandTag: String { String(cString: PQcmdStatus(result.handle)) }

    /// Rows inserted, updated, deleted, selected…, when the command reports a count.
    public var affectedRows: Int? { Int(String(cString: PQcmdTuples(result.handle))) }
}

/// One row of ``PostgresRows``; decode its columns by name or position.
///
/// ```swift
/// let id = try row.decode("id", as: Int64.self)
/// let note = try row.decode("note", as: String?.self)   // NULL → nil
/// ```
public struct PostgresRow: Sendable {
    @usableFromInline let result: PostgresResult
    @usableFromInline let row: Int

    /// The column names, in order.
    public var columns: [String] { result.columnNames }

    /// Decodes the first column called `column`. Throws ``PostgresError/Code/decoding`` naming
    /// the column and type when there is no such column, the value is NULL and `T` is not
    /// optional, or the text is not a valid `T`.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let index = result.columnIndex[column] else {
            throw PostgresError(
                code: .decoding, serverMessage: "no column named \(column)", column: column,
                swiftType: "\(T.self)")
        }
        return try value(at: index, as: type)
    }

    /// Decodes the column at `index` (0-based).
    ///
    /// Inlinable, so the caller's compiler specialises it for `T`: stores in other modules
    /// decode 100,000-row results through here, and the generic entry point went through the
    /// runtime's metadata caches for every value (a fifth of a big restock's client time).
    @inlinable
    public func decode<T: PostgresDecodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard index >= 0, index < result.columnCount else {
            throw PostgresError(
                code: .decoding, serverMessage: "no column at index \(index)", column: "#\(index)",
                swiftType: "\(T.self)")
        }
        return try value(at: index, as: type)
    }

    /// Whether the first column called `column` is NULL (`false` if there is no such column).
    public func isNull(_ column: String) -> Bool {
        guard let index = result.columnIndex[column] else { return false }
        return result.text(row: row, column: index) == nil
    }

    /// The column's name is looked up only to throw, not copied for each of a big result's
    /// million values.
    @inlinable
    func value<T: PostgresDecodable>(at index: Int, as type: T.Type) throws -> T {
        guard let value = result.bytes(row: row, column: index) else {
            guard let null = T.postgresNull else { throw decodingError(index, "value is NULL", T.self) }
            return null
        }
        guard let decoded = T(postgresBytes: value.pointer, length: value.length) else {
            throw decodingError(
                index, "cannot read \(String(reflecting: String(cString: value.pointer)))", T.self)
        }
        return decoded
    }

    @usableFromInline
    func decodingError(_ index: Int, _ message: String, _ type: Any.Type) -> PostgresError {
        PostgresError(
            code: .decoding, serverMessage: message, column: result.columnNames[index], swiftType: "\(type)")
    }
}
