/// How a database's schema stands against this program's migrations: the one rule `serve`,
/// `migrate` and the stores' own `migrate()` apply (docs/ARCHITECTURE.md §6).
///
/// Migrations run forward only. A database that records a version this program does not know
/// was migrated by a newer `restockd`: an older one must not write into a schema it does not
/// understand, and nothing here can undo a migration, so it refuses instead of guessing.
public enum SchemaStatus: Equatable, Sendable {
    case current
    /// The database's newest version (0 for an empty one), and the versions this program has
    /// that it has not applied yet, in order.
    case behind(database: Int, pending: [Int])
    /// The database's newest version and the newest this program knows.
    case ahead(database: Int, program: Int)
    /// The database's newest version, older than the oldest this program upgrades from: an
    /// older release must upgrade it first.
    case tooOld(database: Int, oldest: Int)

    /// `upgradableFrom`: the oldest schema version whose later steps this program carries
    /// (``RestockStore/upgradableFrom``).
    public init(applied: [Int], known: [Int], upgradableFrom: Int = 0) {
        let program = known.max() ?? 0
        if let database = applied.max(), database > program {
            self = .ahead(database: database, program: program)
            return
        }
        if let database = applied.max(), database < upgradableFrom {
            self = .tooOld(database: database, oldest: upgradableFrom)
            return
        }
        let done = Set(applied)
        let pending = known.filter { !done.contains($0) }.sorted()
        self = pending.isEmpty ? .current : .behind(database: applied.max() ?? 0, pending: pending)
    }
}
