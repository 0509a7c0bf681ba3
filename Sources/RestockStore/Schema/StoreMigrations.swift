import RestockCore

/// Which schema versions a database holds, and how one made by an older release is brought to
/// ``Schema``. Versions are numbered alike on both stores.
///
/// A new database is made from ``Schema`` in one step and records every version up to
/// ``current``. A database made by an older release records what it ran; each later version
/// has an upgrade step per dialect here, run once, in order. The versions up to
/// ``oldestUpgradable`` were the migrations of restockd 0.17 and earlier, and their steps are
/// no longer carried: such a database is upgraded by restockd 0.17 first (README, Upgrading).
enum StoreMigrations {
    /// The schema version of restockd 0.17, the oldest this program upgrades from.
    static let oldestUpgradable = 9

    /// The steps after ``oldestUpgradable``, in order.
    static let upgrades: [(version: Int, sqlite: String, postgresql: String)] = [
        (10, sqliteOneSchema, postgresOneSchema)
    ]

    /// Every version a database made by this program records.
    static var known: [Int] { Array(1...oldestUpgradable) + upgrades.map(\.version) }

    static var current: Int { known.last ?? oldestUpgradable }

    /// What migrating a database holding `applied` takes.
    enum Plan: Equatable {
        /// An empty database: make ``Schema`` and record every known version.
        case create
        /// Run these upgrade steps, in order.
        case upgrade([Int])
        /// A database made before ``oldestUpgradable``, whose steps this program lacks.
        case tooOld(Int)
    }

    /// The plan for a database holding `applied` (a database ahead of this program is refused
    /// before, by ``SchemaStatus``).
    static func plan(applied: [Int]) -> Plan {
        guard let newest = applied.max() else { return .create }
        guard newest >= oldestUpgradable else { return .tooOld(newest) }
        return .upgrade(upgrades.map(\.version).filter { !applied.contains($0) })
    }

    /// The refusal of a database too old to upgrade here, saying what to do.
    static func tooOldError(_ version: Int) -> StoreError {
        StoreError(
            .migration,
            details: """
                the database is at schema version \(version), made by a restockd older than 0.17; \
                this restockd upgrades from version \(oldestUpgradable): run `restockd migrate` of \
                restockd 0.17 on it first (README, Upgrading)
                """)
    }

    static func upgrade(_ version: Int, _ dialect: SQLDialect) -> String? {
        upgrades.first { $0.version == version }.map { dialect == .sqlite ? $0.sqlite : $0.postgresql }
    }

    /// Carries out ``plan(applied:)`` for a database holding `applied`, refusing one ahead of
    /// this program (an older `restockd` must not write into a schema it does not understand)
    /// or too old for it: makes ``Schema`` or runs
    /// each pending step, each in its own transaction (`inTransaction`, which the store makes
    /// exclusive: SQLite's write lock, PostgreSQL's advisory lock). Each transaction checks
    /// `schema_migrations` again, so two processes migrating at once apply each version once.
    /// Returns the versions this call applied.
    static func apply<Connection: SQLConnection>(
        applied: [Int], dialect: SQLDialect,
        inTransaction: (_ body: @escaping @Sendable (Connection) throws -> Bool) async throws -> Bool
    ) async throws -> [Int] {
        let status = SchemaStatus(applied: applied, known: known, upgradableFrom: oldestUpgradable)
        if case .ahead(let database, let program) = status {
            throw StoreError(
                .migration, details: "database has migration \(database), this program knows up to \(program)")
        }
        switch plan(applied: applied) {
        case .tooOld(let version): throw tooOldError(version)
        case .create:
            let made = try await inTransaction { connection in
                guard try connection.migrationVersions().isEmpty else { return false }
                try connection.runMigration(Schema.ddl(dialect), version: current)
                for version in known { try connection.recordMigration(version) }
                return true
            }
            // Another process made it in between, from the same definition.
            return made ? known : []
        case .upgrade(let versions):
            var done: [Int] = []
            for version in versions {
                guard let script = upgrade(version, dialect) else { continue }
                let didApply = try await inTransaction { connection in
                    guard !(try connection.migrationVersions().contains(version)) else { return false }
                    try connection.runMigration(script, version: version)
                    try connection.recordMigration(version)
                    return true
                }
                if didApply { done.append(version) }
            }
            return done
        }
    }

    /// PostgreSQL's migrations 4, 6 and 7 made this schema already; nothing changes.
    private static let postgresOneSchema = "SELECT 1;"

    /// One schema (issue 18): SQLite gains what PostgreSQL's migrations 4, 6 and 7 gave it, so
    /// both stores hold the same tables, columns and indexes and one SQL text serves both
    /// (docs/ARCHITECTURE.md §6):
    /// - `watches.ended` is the predicate of the live-watch indexes, in place of the list of
    ///   live states (which SQLite's migration 1 spelled out, and which had to match
    ///   `WatchState.liveStates` by hand);
    /// - `waiting` holds who is `watching`, in queue order: the one source of waves, the
    ///   group-commit snapshot, and "unreached" when a cycle closes;
    /// - a one-item email keeps its item in its own row, `outbox_item_list` reads both;
    /// - `stats_pending` exists, as on PostgreSQL (SQLite adds to the rollups directly and
    ///   leaves it empty);
    /// - `feed_polls.url` is NOT NULL (a TEXT primary key in SQLite accepts NULL unless told),
    ///   which takes a copy of the table, since ALTER TABLE cannot add a constraint;
    /// - `outbox_settled_state_id` indexes only the states a row ends in.
    /// Existing rows are moved the same way PostgreSQL's migrations moved them.
    private static let sqliteOneSchema = """
        ALTER TABLE watches ADD COLUMN ended INTEGER NOT NULL DEFAULT 0;
        UPDATE watches SET ended = 1 WHERE state NOT IN ('pending', 'watching', 'notified', 'sold_out_again');
        DROP INDEX watches_live_customer_variant;
        CREATE UNIQUE INDEX watches_live_customer_variant ON watches (customer_id, variant_id) WHERE NOT ended;
        DROP INDEX watches_variant_state_position;
        CREATE INDEX watches_live_variant_position ON watches (variant_id, queue_position) WHERE NOT ended;

        CREATE TABLE waiting (
            variant_id TEXT NOT NULL,
            queue_position INTEGER NOT NULL,
            watch_id INTEGER NOT NULL,
            PRIMARY KEY (variant_id, queue_position, watch_id)
        ) WITHOUT ROWID;
        INSERT INTO waiting (variant_id, queue_position, watch_id)
            SELECT variant_id, queue_position, id FROM watches WHERE state = 'watching';

        ALTER TABLE outbox ADD COLUMN watch_id INTEGER;
        ALTER TABLE outbox ADD COLUMN variant_id TEXT;
        ALTER TABLE outbox ADD COLUMN cycle_id INTEGER;
        UPDATE outbox SET (watch_id, variant_id, cycle_id) = (
                SELECT i.watch_id, i.variant_id, i.cycle_id FROM outbox_items i WHERE i.outbox_id = outbox.id)
        WHERE id IN (SELECT outbox_id FROM outbox_items GROUP BY outbox_id HAVING count(*) = 1);
        DELETE FROM outbox_items WHERE outbox_id IN (SELECT id FROM outbox WHERE watch_id IS NOT NULL);
        CREATE INDEX outbox_watch ON outbox (watch_id) WHERE watch_id IS NOT NULL;
        CREATE VIEW outbox_item_list AS
            SELECT outbox_id, watch_id, variant_id, cycle_id, kind FROM outbox_items
            UNION ALL
            SELECT id, watch_id, variant_id, cycle_id, kind FROM outbox WHERE watch_id IS NOT NULL;
        DROP INDEX outbox_state_id;
        CREATE INDEX outbox_settled_state_id ON outbox (state, id) WHERE state NOT IN ('queued', 'sending');

        CREATE TABLE stats_pending (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            day INTEGER NOT NULL,
            kind TEXT NOT NULL,
            language TEXT NOT NULL,
            variant_id TEXT NOT NULL,
            metric TEXT NOT NULL,
            delta INTEGER NOT NULL
        );

        CREATE TABLE feed_polls_copy (
            url TEXT PRIMARY KEY NOT NULL,
            etag TEXT,
            last_modified TEXT,
            polled_at INTEGER NOT NULL,
            changed_at INTEGER,
            items INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO feed_polls_copy SELECT url, etag, last_modified, polled_at, changed_at, items
            FROM feed_polls WHERE url IS NOT NULL;
        DROP TABLE feed_polls;
        ALTER TABLE feed_polls_copy RENAME TO feed_polls;
        """
}

extension SQLConnection {
    func migrationVersions() throws -> [Int] {
        try all("SELECT version FROM schema_migrations ORDER BY version") { try $0.int(0) }
    }

    func recordMigration(_ version: Int) throws {
        try execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (\(version), \(Timestamp.now.microseconds))")
    }

    /// A failing step is a ``StoreError/Code/migration`` naming the version, unless the
    /// database could not be reached at all.
    func runMigration(_ script: String, version: Int) throws {
        do {
            try executeScript(script)
        } catch let error as StoreError where error.code != .connection {
            throw StoreError(.migration, details: "migration \(version): \(String(reflecting: error))")
        }
    }
}
