import RestockCore

/// `restock.store.migrate`: whether `serve` applies pending migrations itself (`auto`, the
/// default: an upgrade is installing the new binary and restarting) or leaves them to
/// `restockd migrate` (`manual`: for operators who migrate in a deploy step, after a backup,
/// before starting new instances).
enum MigrationPolicy: String, CaseIterable {
    case auto, manual
}

/// Start-up refused because of the schema it found; the message says which versions and what
/// to do.
struct SchemaRefusal: Error, CustomStringConvertible {
    let description: String
    /// Behind under `manual`: `restockd migrate`, run here or on another host sharing the
    /// database, ends it, so `serve` waits and looks again. A schema ahead of the binary ends only
    /// by the operator's hand, so it exits 78, which the unit does not restart.
    var endsWithMigrate = false
}

extension Daemon {
    /// Brings the schema to what this program needs, as `policy` allows, and returns the
    /// versions applied (docs/ARCHITECTURE.md §6).
    ///
    /// - Throws: ``SchemaRefusal`` for a schema newer than this program, or one behind it under
    ///   `manual`; a store error when the store cannot be read.
    static func prepareSchema(_ store: any RestockStore, policy: MigrationPolicy, storeDescription: String)
        async throws -> [Int]
    {
        let status = SchemaStatus(
            applied: try await store.appliedMigrations(), known: store.knownMigrations,
            upgradableFrom: store.upgradableFrom)
        switch status {
        case .current:
            return []
        case .ahead(let database, let program):
            throw SchemaRefusal(
                description: """
                    \(storeDescription) has schema version \(database), newer than this restockd knows \
                    (up to \(program)): a newer restockd migrated it. Run that version, or restore the \
                    backup taken before the upgrade; migrations only run forward.
                    """)
        case .tooOld(let database, let oldest):
            throw SchemaRefusal(
                description: """
                    \(storeDescription) has schema version \(database), made by a restockd older than 0.17; \
                    this restockd upgrades from version \(oldest). Run `restockd migrate` of restockd 0.17 \
                    on it first, then this one (README, Upgrading).
                    """)
        case .behind(let database, let pending):
            guard policy == .auto else {
                throw SchemaRefusal(
                    description: """
                        \(storeDescription) has schema version \(database), this restockd needs \
                        \(pending.last ?? database) (pending: \(pending.map(String.init).joined(separator: ", "))): \
                        run `restockd migrate`, or set RESTOCK_STORE_MIGRATE=auto.
                        """, endsWithMigrate: true)
            }
            return try await store.migrate()
        }
    }
}
