import RestockCore

/// `customers`: one row per normalized email address.
extension SQLTransaction {
    private static var customerColumns: String { "id, email, name, locale, suppressed_at, created_at" }

    private static func customer(_ row: Connection.Row) throws -> Customer {
        Customer(
            id: try row.int64(0), email: try row.string(1), name: try row.optionalString(2),
            locale: try row.optionalString(3), suppressedAt: try row.optionalTimestamp(4),
            createdAt: try row.timestamp(5))
    }

    /// One statement: the DO UPDATE makes RETURNING give the row whether it was new or not
    /// (DO NOTHING would return nothing for a known email).
    func upsertCustomer(email: String, name: String?, locale: String?, replacingDetails: Bool, at: Timestamp)
        throws -> Customer
    {
        let customer = try sql.first(
            """
            INSERT INTO customers (email, name, locale, created_at)
            VALUES (\(email), \(name), \(locale), \(at.microseconds))
            ON CONFLICT (email) DO UPDATE SET
                name = CASE WHEN \(replacingDetails) THEN COALESCE(excluded.name, customers.name)
                    ELSE customers.name END,
                locale = CASE WHEN \(replacingDetails) THEN COALESCE(excluded.locale, customers.locale)
                    ELSE customers.locale END
            RETURNING \(raw: Self.customerColumns)
            """, Self.customer)
        guard let customer else { throw StoreError(.query, details: "upsert returned no customer") }
        return customer
    }

    func customer(email: String) throws -> Customer? {
        try sql.first("SELECT \(raw: Self.customerColumns) FROM customers WHERE email = \(email)", Self.customer)
    }

    func customer(id: Int64) throws -> Customer? {
        try sql.first("SELECT \(raw: Self.customerColumns) FROM customers WHERE id = \(id)", Self.customer)
    }

    func customers(ids: [Int64]) throws -> [Int64: Customer] {
        guard !ids.isEmpty else { return [:] }
        var found: [Int64: Customer] = [:]
        try sql.forEachRow(
            "SELECT \(raw: Self.customerColumns) FROM customers WHERE id \(anyOf: Array(Set(ids)))"
        ) { row in
            let customer = try Self.customer(row)
            found[customer.id] = customer
        }
        return found
    }

    func suppressCustomer(id: Int64, at: Timestamp) throws {
        let changed = try sql.execute(
            "UPDATE customers SET suppressed_at = COALESCE(suppressed_at, \(at.microseconds)) WHERE id = \(id)")
        guard changed == 1 else { throw StoreError(.notFound, details: "customer \(id)") }
    }
}
