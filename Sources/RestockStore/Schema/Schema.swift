import RestockCore

/// The schema, defined once for both dialects: the tables, columns, keys and indexes of a
/// database made by this program, with the few types that differ mapped per dialect
/// (``ColumnTypes``). A new database is made from it in one step; a database made by an older
/// release is brought to the same by ``StoreMigrations``' upgrade steps, and a test compares the
/// two catalogs. Why each table and index exists: docs/ARCHITECTURE.md §6.
///
/// Times are integer microseconds since 1970 UTC. Shop ids are text (Shopify's exceed 2^53 and
/// some engines use leading zeros), compared by bytes on both stores. Our own ids are never
/// reused after a delete: the Message-ID of an email derives from the outbox id.
enum Schema {
    static func ddl(_ dialect: SQLDialect) -> String {
        let t = ColumnTypes(dialect)
        return """
            CREATE TABLE variants (
                id \(t.key) PRIMARY KEY NOT NULL,
                product_title TEXT,
                variant_title TEXT,
                url TEXT,
                image_url TEXT,
                price_minor \(t.int64),
                currency TEXT,
                updated_at \(t.int64) NOT NULL,
                removed_at \(t.int64)
            );
            CREATE TABLE stock (
                variant_id \(t.key) NOT NULL,
                location_id \(t.key) NOT NULL,
                available \(t.int64) NOT NULL,
                watermark \(t.int64) NOT NULL,
                PRIMARY KEY (variant_id, location_id)
            );
            CREATE TABLE customers (
                id \(t.id),
                email \(t.key) NOT NULL UNIQUE,
                name TEXT,
                locale TEXT,
                suppressed_at \(t.int64),
                created_at \(t.int64) NOT NULL
            );

            -- `ended` (not live) is the predicate of the live-watch indexes, so no index names
            -- `state`: a big restock's state changes can then be HOT updates on PostgreSQL, in
            -- pages half empty for them (fillfactor 50).
            CREATE TABLE watches (
                id \(t.id),
                customer_id \(t.int64) NOT NULL REFERENCES customers (id),
                variant_id \(t.key) NOT NULL,
                location_id TEXT,
                quantity \(t.int32) NOT NULL DEFAULT 1,
                locale TEXT,
                state \(t.key) NOT NULL,
                queue_position \(t.int64) NOT NULL,
                cycle_id \(t.int64),
                created_at \(t.int64) NOT NULL,
                updated_at \(t.int64) NOT NULL,
                notified_at \(t.int64),
                expires_at \(t.int64),
                consent_source TEXT NOT NULL,
                consent_text TEXT,
                consent_ip TEXT,
                consent_at \(t.int64) NOT NULL,
                ended \(t.boolean) NOT NULL DEFAULT \(t.false)
            )\(t.halfFullPages);
            CREATE UNIQUE INDEX watches_live_customer_variant ON watches (customer_id, variant_id) WHERE NOT ended;
            CREATE INDEX watches_live_variant_position ON watches (variant_id, queue_position) WHERE NOT ended;

            -- Who is `watching`, in queue order: what waves, the group-commit snapshot, demand
            -- and "unreached" read. Kept in step by the statements that write `watches.state`.
            CREATE TABLE waiting (
                variant_id \(t.key) NOT NULL,
                queue_position \(t.int64) NOT NULL,
                watch_id \(t.int64) NOT NULL,
                PRIMARY KEY (variant_id, queue_position, watch_id)
            )\(t.withoutRowID);

            CREATE TABLE restock_cycles (
                id \(t.id),
                variant_id \(t.key) NOT NULL,
                opened_at \(t.int64) NOT NULL,
                closed_at \(t.int64),
                next_wave_at \(t.int64),
                waves_sent \(t.int32) NOT NULL DEFAULT 0,
                unreached \(t.int32) NOT NULL DEFAULT 0
            );
            CREATE UNIQUE INDEX restock_cycles_open_variant ON restock_cycles (variant_id) WHERE closed_at IS NULL;
            CREATE INDEX restock_cycles_next_wave ON restock_cycles (next_wave_at) WHERE closed_at IS NULL;

            -- An email about one watch (nearly all) keeps its item in its own row (`watch_id`,
            -- `variant_id`, `cycle_id`); `outbox_items` holds the items of emails about several
            -- watches, and `outbox_item_list` reads both. `lease_token` fences a sender whose
            -- lease ran out; `deferred_since` is when a fault of the message first deferred it.
            CREATE TABLE outbox (
                id \(t.id),
                customer_id \(t.int64) NOT NULL,
                kind TEXT NOT NULL,
                dedupe_key \(t.key) NOT NULL UNIQUE,
                state \(t.key) NOT NULL DEFAULT 'queued',
                attempts \(t.int32) NOT NULL DEFAULT 0,
                due_at \(t.int64) NOT NULL,
                created_at \(t.int64) NOT NULL,
                updated_at \(t.int64) NOT NULL,
                sent_at \(t.int64),
                last_error TEXT,
                message_id TEXT,
                reply TEXT,
                watch_id \(t.int64),
                variant_id \(t.key),
                cycle_id \(t.int64),
                lease_token \(t.int64) NOT NULL DEFAULT 0,
                deferred_since \(t.int64)
            );
            -- The claim's order; the settled states by id (new `queued` rows, 100,000 in a
            -- restock, pay for no entry there); a one-item email by its watch.
            CREATE INDEX outbox_claimable ON outbox (due_at, id) WHERE state IN ('queued', 'sending');
            CREATE INDEX outbox_settled_state_id ON outbox (state, id) WHERE state NOT IN ('queued', 'sending');
            CREATE INDEX outbox_watch ON outbox (watch_id) WHERE watch_id IS NOT NULL;
            -- No foreign key to outbox: items are written only right after their row, in the
            -- same transaction, and the key check cost a third of a big wave's item insert.
            CREATE TABLE outbox_items (
                outbox_id \(t.int64) NOT NULL,
                watch_id \(t.int64) NOT NULL,
                variant_id \(t.key) NOT NULL,
                cycle_id \(t.int64),
                kind \(t.key) NOT NULL,
                UNIQUE (watch_id, cycle_id, kind)
            );
            CREATE INDEX outbox_items_outbox ON outbox_items (outbox_id);
            CREATE VIEW outbox_item_list AS
                SELECT outbox_id, watch_id, variant_id, cycle_id, kind FROM outbox_items
                UNION ALL
                SELECT id, watch_id, variant_id, cycle_id, kind\(t.byteOrder) FROM outbox WHERE watch_id IS NOT NULL;

            CREATE TABLE links (
                id \(t.id),
                outbox_id \(t.int64) NOT NULL,
                variant_id TEXT,
                url TEXT NOT NULL,
                kind TEXT NOT NULL
            );
            CREATE UNIQUE INDEX links_outbox_kind_variant ON links (outbox_id, kind, variant_id);

            -- Every open and click with a valid token. Each question a hit asks is one index
            -- probe: the same visitor's repeat, people's clicks near in time, one open per
            -- visitor; `people_events` counts each email's people's events.
            CREATE TABLE events (
                id \(t.id),
                kind TEXT NOT NULL,
                outbox_id \(t.int64),
                watch_id \(t.int64),
                link_id \(t.int64),
                at \(t.int64) NOT NULL,
                machine \(t.boolean) NOT NULL DEFAULT \(t.false),
                user_agent TEXT,
                ip TEXT,
                reason TEXT,
                visitor TEXT
            );
            CREATE INDEX events_at ON events (at);
            CREATE INDEX events_outbox ON events (outbox_id);
            CREATE UNIQUE INDEX events_open_once ON events (outbox_id, visitor) WHERE kind = 'open';
            CREATE INDEX events_link_visitor ON events (link_id, visitor, at) WHERE kind = 'click';
            CREATE INDEX events_link_machine ON events (link_id, machine, at) WHERE kind = 'click';
            CREATE TABLE people_events (
                outbox_id \(t.int64) NOT NULL,
                kind TEXT NOT NULL,
                events \(t.int64) NOT NULL,
                PRIMARY KEY (outbox_id, kind)
            );

            CREATE TABLE orders (
                id \(t.id),
                source \(t.key) NOT NULL,
                external_id \(t.key) NOT NULL,
                email TEXT,
                currency TEXT NOT NULL,
                total_minor \(t.int64) NOT NULL,
                status TEXT NOT NULL,
                attribution TEXT,
                placed_at \(t.int64) NOT NULL,
                updated_at \(t.int64) NOT NULL,
                UNIQUE (source, external_id)
            );
            CREATE INDEX orders_email ON orders (email, placed_at);
            CREATE TABLE order_lines (
                order_id \(t.int64) NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
                line_no \(t.int32) NOT NULL,
                variant_id TEXT NOT NULL,
                quantity \(t.int32) NOT NULL,
                price_minor \(t.int64) NOT NULL,
                PRIMARY KEY (order_id, line_no)
            );
            CREATE TABLE attributions (
                id \(t.id),
                order_id \(t.int64) NOT NULL,
                line_no \(t.int32) NOT NULL,
                outbox_id \(t.int64) NOT NULL,
                model TEXT NOT NULL,
                amount_minor \(t.int64) NOT NULL,
                currency TEXT NOT NULL,
                created_at \(t.int64) NOT NULL,
                reversed_at \(t.int64),
                event_id \(t.int64),
                UNIQUE (order_id, line_no)
            );
            CREATE TABLE follow_ups (
                id \(t.id),
                watch_id \(t.int64) NOT NULL,
                cycle_id \(t.int64),
                due_at \(t.int64) NOT NULL,
                done_at \(t.int64),
                outcome TEXT,
                UNIQUE (watch_id, cycle_id)
            );
            CREATE INDEX follow_ups_due ON follow_ups (due_at) WHERE done_at IS NULL;

            CREATE TABLE webhook_receipts (
                source \(t.key) NOT NULL,
                id \(t.key) NOT NULL,
                received_at \(t.int64) NOT NULL,
                PRIMARY KEY (source, id)
            );

            -- The rollups of `/v1/stats`, and increments PostgreSQL has not folded into them.
            CREATE TABLE stats_daily (
                day \(t.int32) NOT NULL,
                kind \(t.key) NOT NULL,
                language \(t.key) NOT NULL,
                metric \(t.key) NOT NULL,
                value \(t.int64) NOT NULL,
                PRIMARY KEY (day, kind, language, metric)
            );
            CREATE TABLE stats_variant_daily (
                day \(t.int32) NOT NULL,
                variant_id \(t.key) NOT NULL,
                metric \(t.key) NOT NULL,
                value \(t.int64) NOT NULL,
                PRIMARY KEY (day, variant_id, metric)
            );
            CREATE TABLE stats_pending (
                id \(t.id),
                day \(t.int32) NOT NULL,
                kind TEXT NOT NULL,
                language TEXT NOT NULL,
                variant_id TEXT NOT NULL,
                metric TEXT NOT NULL,
                delta \(t.int64) NOT NULL
            );

            -- Native integrations: Shopify's item → variant map and the levels waiting for it;
            -- thin webhook references waiting to be read back; each feed's validators.
            CREATE TABLE inventory_items (
                source \(t.key) NOT NULL,
                item_id \(t.key) NOT NULL,
                variant_id \(t.key),
                updated_at \(t.int64) NOT NULL,
                PRIMARY KEY (source, item_id)
            );
            CREATE TABLE parked_levels (
                source \(t.key) NOT NULL,
                item_id \(t.key) NOT NULL,
                location_id \(t.key) NOT NULL,
                available \(t.int64) NOT NULL,
                occurred_at \(t.int64) NOT NULL,
                parked_at \(t.int64) NOT NULL,
                PRIMARY KEY (source, item_id, location_id)
            );
            CREATE TABLE platform_lookups (
                id \(t.id),
                source TEXT NOT NULL,
                kind TEXT NOT NULL,
                product_id TEXT,
                variant_id TEXT,
                order_id TEXT,
                occurred_at \(t.int64) NOT NULL,
                attempts \(t.int32) NOT NULL DEFAULT 0,
                due_at \(t.int64) NOT NULL,
                last_error TEXT,
                created_at \(t.int64) NOT NULL
            );
            CREATE INDEX platform_lookups_due ON platform_lookups (due_at, id);
            CREATE TABLE feed_polls (
                url TEXT PRIMARY KEY NOT NULL,
                etag TEXT,
                last_modified TEXT,
                polled_at \(t.int64) NOT NULL,
                changed_at \(t.int64),
                items \(t.int32) NOT NULL DEFAULT 0
            );
            """
    }

    /// `schema_migrations`: which versions a database holds. Made before anything else, since
    /// it records what has been made.
    static func bootstrap(_ dialect: SQLDialect) -> String {
        let t = ColumnTypes(dialect)
        return """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version \(t.int32) PRIMARY KEY NOT NULL,
                applied_at \(t.int64) NOT NULL
            );
            """
    }
}

/// The column types and table options that differ between the dialects. Every other word of
/// the schema is the same on both.
struct ColumnTypes {
    /// Our own ids: never reused (AUTOINCREMENT; an identity, drawn one at a time so ids follow
    /// the order rows were inserted in across connections).
    let id: String
    /// Keys and values compared or sorted as bytes: SQLite's TEXT compares by bytes; PostgreSQL's
    /// would use the database's locale unless told.
    let key: String
    /// SQLite's INTEGER is 64-bit whatever it is called.
    let int64: String
    let int32: String
    let boolean: String
    let `false`: String
    /// PostgreSQL collates a view's column from its sources; the inline half says bytes too.
    let byteOrder: String
    /// PostgreSQL: room on each page for HOT updates of a big restock's watches.
    let halfFullPages: String
    /// SQLite: a table that is its own primary key stores no rowid beside it.
    let withoutRowID: String

    init(_ dialect: SQLDialect) {
        switch dialect {
        case .sqlite:
            (id, key, int64, int32, boolean, `false`) = (
                "INTEGER PRIMARY KEY AUTOINCREMENT", "TEXT", "INTEGER", "INTEGER", "INTEGER", "0"
            )
            (byteOrder, halfFullPages, withoutRowID) = ("", "", " WITHOUT ROWID")
        case .postgresql:
            (id, key, int64, int32, boolean, `false`) = (
                "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "TEXT COLLATE \"C\"", "BIGINT", "INTEGER",
                "BOOLEAN", "false"
            )
            (byteOrder, halfFullPages, withoutRowID) = (" COLLATE \"C\"", " WITH (fillfactor = 50)", "")
        }
    }
}
