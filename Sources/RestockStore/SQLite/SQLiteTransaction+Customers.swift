import GRDB
import RestockCore

/// `customers`: one row per normalized email address.
extension SQLiteTransaction {
    private static let customerColumns = "id, email, name, locale, suppressed_at, created_at"

    private static func customer(_ row: Row) -> Customer {
        Customer(
            id: row["id"], email: row["email"], name: row["name"], locale: row["locale"],
            suppressedAt: row.optionalTimestamp("suppressed_at"), createdAt: row.timestamp("created_at"))
    }

    func upsertCustomer(email: String, name: String?, locale: String?, replacingDetails: Bool, at: Timestamp)
        throws -> Customer
    {
        try StoreError.mappingSQLite {
            try db.cachedStatement(
                sql: """
                    INSERT INTO customers (email, name, locale, created_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (email) DO UPDATE SET
                        name = CASE WHEN ? THEN COALESCE(excluded.name, customers.name) ELSE customers.name END,
                        locale = CASE WHEN ? THEN COALESCE(excluded.locale, customers.locale) ELSE customers.locale END
                    """
            ).execute(arguments: [email, name, locale, at.microseconds, replacingDetails, replacingDetails])
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT \(Self.customerColumns) FROM customers WHERE email = ?"),
                arguments: [email])
            guard let row else {
                throw StoreError(.query, details: "customer vanished after upsert")
            }
            return Self.customer(row)
        }
    }

    func customer(id: Int64) throws -> Customer? {
        try StoreError.mappingSQLite {
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(Self.customerColumns) FROM customers WHERE id = ?"),
                arguments: [id]
            ).map(Self.customer)
        }
    }

    func customer(email: String) throws -> Customer? {
        try StoreError.mappingSQLite {
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(Self.customerColumns) FROM customers WHERE email = ?"),
                arguments: [email]
            ).map(Self.customer)
        }
    }

    /// A loop of ``customer(id:)``: in process, a statement costs no round trip.
    func customers(ids: [Int64]) throws -> [Int64: Customer] {
        var found: [Int64: Customer] = [:]
        for id in Set(ids) { found[id] = try customer(id: id) }
        return found
    }

    func suppressCustomer(id: Int64, at: Timestamp) throws {
        try StoreError.mappingSQLite {
            try db.cachedStatement(
                sql: "UPDATE customers SET suppressed_at = COALESCE(suppressed_at, ?) WHERE id = ?"
            ).execute(arguments: [at.microseconds, id])
            guard db.changesCount == 1 else { throw StoreError(.notFound, details: "customer \(id)") }
        }
    }
}
