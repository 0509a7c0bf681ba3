import LibPQ
import RestockCore

/// `customers`: one row per normalized email address.
extension PostgresTransaction {
    private static let customerColumns = "id, email, name, locale, suppressed_at, created_at"

    private static func customer(_ row: PostgresRow) throws -> Customer {
        Customer(
            id: try row.decode("id"), email: try row.decode("email"), name: try row.decode("name"),
            locale: try row.decode("locale"), suppressedAt: try row.optionalTimestamp("suppressed_at"),
            createdAt: try row.timestamp("created_at"))
    }

    /// One statement: the DO UPDATE makes RETURNING give the row whether it was new or not
    /// (DO NOTHING would return nothing for a known email).
    func upsertCustomer(email: String, name: String?, locale: String?, replacingDetails: Bool, at: Timestamp)
        throws -> Customer
    {
        try StoreError.mappingPostgres {
            let rows = try connection.query(
                """
                INSERT INTO customers (email, name, locale, created_at)
                VALUES (\(email), \(name), \(locale), \(at.microseconds))
                ON CONFLICT (email) DO UPDATE SET
                    name = CASE WHEN \(replacingDetails) THEN COALESCE(EXCLUDED.name, customers.name)
                        ELSE customers.name END,
                    locale = CASE WHEN \(replacingDetails) THEN COALESCE(EXCLUDED.locale, customers.locale)
                        ELSE customers.locale END
                RETURNING \(unsafeRaw: Self.customerColumns)
                """)
            guard let row = rows.first else { throw StoreError(.query, details: "upsert returned no customer") }
            return try Self.customer(row)
        }
    }

    func customer(email: String) throws -> Customer? {
        try StoreError.mappingPostgres {
            try connection.query(
                "SELECT \(unsafeRaw: Self.customerColumns) FROM customers WHERE email = \(email)"
            ).first.map(Self.customer)
        }
    }

    func customer(id: Int64) throws -> Customer? {
        try StoreError.mappingPostgres {
            try connection.query(
                "SELECT \(unsafeRaw: Self.customerColumns) FROM customers WHERE id = \(id)"
            ).first.map(Self.customer)
        }
    }

    func customers(ids: [Int64]) throws -> [Int64: Customer] {
        guard !ids.isEmpty else { return [:] }
        return try StoreError.mappingPostgres {
            var found: [Int64: Customer] = [:]
            for row in try connection.query(
                "SELECT \(unsafeRaw: Self.customerColumns) FROM customers WHERE id = ANY(\(Array(Set(ids)))::bigint[])")
            {
                let customer = try Self.customer(row)
                found[customer.id] = customer
            }
            return found
        }
    }

    func suppressCustomer(id: Int64, at: Timestamp) throws {
        try StoreError.mappingPostgres {
            let changed = try connection.execute(
                "UPDATE customers SET suppressed_at = COALESCE(suppressed_at, \(at.microseconds)) WHERE id = \(id)")
            guard changed == 1 else { throw StoreError(.notFound, details: "customer \(id)") }
        }
    }
}
