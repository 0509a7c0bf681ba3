/// The SQLite schema, as numbered migrations. Append only: a released migration is never edited,
/// because databases in the field have already run it. Version numbers match the PostgreSQL
/// store's, so `schema_migrations` means the same thing in both. How migrations run, and where
/// the two schemas still differ: docs/ARCHITECTURE.md §6.
///
/// Times are INTEGER microseconds since 1970 UTC; shop ids are TEXT (Shopify's exceed 2^53 and
/// some engines use leading zeros); our own ids are `INTEGER PRIMARY KEY AUTOINCREMENT`, so an id
/// is never reused after a delete (the Message-ID of an email derives from the outbox id).
enum SQLiteMigrations {
    /// Created before any migration runs, since it records which ones have.
    static let bootstrap = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY NOT NULL,
            applied_at INTEGER NOT NULL
        );
        """

    static let all: [(version: Int, sql: String)] = [
        (1, schema1),
        (2, outboxReply),
        (3, outboxClaimable),
        (4, tracking),
        (5, integrations),
        (6, hotWatchUpdates),
        (7, inlineItems),
        (8, outboxFencing),
        (9, trackingAtConstantCost),
    ]

    /// Fencing and pauses (issue 16). `lease_token` is raised by every claim and named by every
    /// mark, so a sender whose lease ran out cannot overwrite the outcome of the sender that
    /// claimed the row after it. `deferred_since` is when a fault of the message itself first
    /// deferred it: giving up counts from there, not from queuing, so days the dispatcher spent
    /// paused on a fault of the path never expire a message.
    private static let outboxFencing = """
        ALTER TABLE outbox ADD COLUMN lease_token INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE outbox ADD COLUMN deferred_since INTEGER;
        """

    /// Tracking at a constant cost per hit (issue 16). A click used to read every earlier click
    /// of its email to apply the burst rule and to know whether a person had clicked it, so a
    /// link followed 2,000 times read two million rows. Now each question has its own answer:
    /// `events_link_visitor` whether the same visitor followed the link within the repeat
    /// window; `events_link_machine` the people's clicks on the email's other links within the
    /// burst window, which a burst turns into machines and so drops out of the next probe (both
    /// hold clicks only); and `people_events`, kept by the store with every write to `events`,
    /// how many of an email's opens and clicks are people's. A count, not an index probe:
    /// "the first person's event of this email" is a LIMIT 1 that PostgreSQL plans on the
    /// assumption that matching rows are spread evenly, and for an email that holds much of
    /// the table (a flooded link) it chose a scan that read a million rows to find one.
    private static let trackingAtConstantCost = """
        CREATE INDEX events_link_visitor ON events (link_id, visitor, at) WHERE kind = 'click';
        CREATE INDEX events_link_machine ON events (link_id, machine, at) WHERE kind = 'click';
        CREATE TABLE people_events (
            outbox_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            events INTEGER NOT NULL,
            PRIMARY KEY (outbox_id, kind)
        );
        INSERT INTO people_events (outbox_id, kind, events)
        SELECT outbox_id, kind, count(*) FROM events
        WHERE machine = 0 AND outbox_id IS NOT NULL
        GROUP BY outbox_id, kind;
        """

    /// PostgreSQL's migration 7 keeps a one-item email's item in its outbox row. SQLite writes
    /// a 100,000-watcher restock within its target as it is: nothing changes here, and the
    /// version is kept so both stores count migrations alike.
    private static let inlineItems = """
        SELECT 1;
        """

    /// PostgreSQL's migration 6 moves `state` out of the watch indexes so a big restock's
    /// updates can be HOT (see `PostgresMigrations`). SQLite updates rows in place whatever
    /// their indexes, and meets its target as it is: nothing changes here, and the version is
    /// kept so both stores count migrations alike.
    private static let hotWatchUpdates = """
        SELECT 1;
        """

    /// Native integrations (issue 5). Shopify keeps stock on inventory items while shoppers watch
    /// variants: `inventory_items` is the map `products/update` teaches, and a level for an item
    /// not mapped yet waits in `parked_levels` (newest per location) until it is. BigCommerce
    /// webhooks only name what changed: `platform_lookups` holds each reference, durably, until
    /// the shop's API has been asked. `feed_polls` keeps the validators of each feed, so an
    /// unchanged feed costs a 304. A product a feed stops listing is marked removed, which is
    /// not sold out.
    private static let integrations = """
        CREATE TABLE inventory_items (
            source TEXT NOT NULL,
            item_id TEXT NOT NULL,
            variant_id TEXT,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (source, item_id)
        );
        CREATE TABLE parked_levels (
            source TEXT NOT NULL,
            item_id TEXT NOT NULL,
            location_id TEXT NOT NULL,
            available INTEGER NOT NULL,
            occurred_at INTEGER NOT NULL,
            parked_at INTEGER NOT NULL,
            PRIMARY KEY (source, item_id, location_id)
        );
        CREATE TABLE platform_lookups (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source TEXT NOT NULL,
            kind TEXT NOT NULL,
            product_id TEXT,
            variant_id TEXT,
            order_id TEXT,
            occurred_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            due_at INTEGER NOT NULL,
            last_error TEXT,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX platform_lookups_due ON platform_lookups (due_at, id);
        CREATE TABLE feed_polls (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            polled_at INTEGER NOT NULL,
            changed_at INTEGER,
            items INTEGER NOT NULL DEFAULT 0
        );
        ALTER TABLE variants ADD COLUMN removed_at INTEGER;
        """

    /// Opens, clicks, attribution and follow-ups (issue 4). An email keeps one link per (kind, variant), so a resend
    /// after a crash reuses the link ids its first copy carried. An open is kept once per email
    /// and visitor (a hash of address and agent): a client that loads the image on every view
    /// would otherwise write a row each time. `reason` says why an event is a machine's. A
    /// credit names the open or click it rests on; a follow-up records what the check found;
    /// the purchase check and attribution find a customer's orders by email. The daily rollups
    /// are what `/v1/stats` reads, so a 90-day query sums thousands of rows, not millions of
    /// events; per variant apart, since a shop has many more variants than kinds or languages.
    /// A closed cycle keeps how many watchers it never reached, for `/v1/demand`.
    private static let tracking = """
        CREATE UNIQUE INDEX links_outbox_kind_variant ON links (outbox_id, kind, variant_id);
        ALTER TABLE events ADD COLUMN reason TEXT;
        ALTER TABLE events ADD COLUMN visitor TEXT;
        CREATE UNIQUE INDEX events_open_once ON events (outbox_id, visitor) WHERE kind = 'open';
        ALTER TABLE attributions ADD COLUMN event_id INTEGER;
        ALTER TABLE follow_ups ADD COLUMN outcome TEXT;
        CREATE INDEX orders_email ON orders (email, placed_at);
        ALTER TABLE restock_cycles ADD COLUMN unreached INTEGER NOT NULL DEFAULT 0;

        CREATE TABLE stats_daily (
            day INTEGER NOT NULL,
            kind TEXT NOT NULL,
            language TEXT NOT NULL,
            metric TEXT NOT NULL,
            value INTEGER NOT NULL,
            PRIMARY KEY (day, kind, language, metric)
        );
        CREATE TABLE stats_variant_daily (
            day INTEGER NOT NULL,
            variant_id TEXT NOT NULL,
            metric TEXT NOT NULL,
            value INTEGER NOT NULL,
            PRIMARY KEY (day, variant_id, metric)
        );
        """

    /// The rows a claim can take, in the order it takes them. The claim asks for the oldest due
    /// rows in either claimable state; on `(state, due_at)` that is two ranges to merge, so every
    /// claim sorted all due rows, and draining a 20,000-email wave 64 rows at a time sorted
    /// 20,000 rows 300 times. The partial index serves the claim in order and the backlog count;
    /// `(state, id)` serves `/v1/outbox?state=`, which lists by id (and sorted every row in the
    /// state on the old index).
    private static let outboxClaimable = """
        CREATE INDEX outbox_claimable ON outbox (due_at, id) WHERE state IN ('queued', 'sending');
        CREATE INDEX outbox_state_id ON outbox (state, id);
        DROP INDEX outbox_state_due;
        """

    /// What the receiving server said when it accepted a message (`250 2.0.0 Ok: queued as …`):
    /// the operator's proof of delivery, and the server's own id to search its logs for.
    private static let outboxReply = """
        ALTER TABLE outbox ADD COLUMN reply TEXT;
        """

    // Partial indexes name the live states literally (SQLite allows no parameters in a schema);
    // they must match `WatchState.liveStates`, which the contract tests check through `insertWatch`.
    private static let schema1 = """
        CREATE TABLE variants (
            id TEXT PRIMARY KEY NOT NULL,
            product_title TEXT,
            variant_title TEXT,
            url TEXT,
            image_url TEXT,
            price_minor INTEGER,
            currency TEXT,
            updated_at INTEGER NOT NULL
        );

        CREATE TABLE stock (
            variant_id TEXT NOT NULL,
            location_id TEXT NOT NULL,
            available INTEGER NOT NULL,
            watermark INTEGER NOT NULL,
            PRIMARY KEY (variant_id, location_id)
        );

        CREATE TABLE customers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            email TEXT NOT NULL UNIQUE,
            name TEXT,
            locale TEXT,
            suppressed_at INTEGER,
            created_at INTEGER NOT NULL
        );

        CREATE TABLE watches (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            customer_id INTEGER NOT NULL REFERENCES customers (id),
            variant_id TEXT NOT NULL,
            location_id TEXT,
            quantity INTEGER NOT NULL DEFAULT 1,
            locale TEXT,
            state TEXT NOT NULL,
            queue_position INTEGER NOT NULL,
            cycle_id INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            notified_at INTEGER,
            expires_at INTEGER,
            consent_source TEXT NOT NULL,
            consent_text TEXT,
            consent_ip TEXT,
            consent_at INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX watches_live_customer_variant ON watches (customer_id, variant_id)
            WHERE state IN ('pending', 'watching', 'notified', 'sold_out_again');
        CREATE INDEX watches_variant_state_position ON watches (variant_id, state, queue_position);

        CREATE TABLE restock_cycles (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            variant_id TEXT NOT NULL,
            opened_at INTEGER NOT NULL,
            closed_at INTEGER,
            next_wave_at INTEGER,
            waves_sent INTEGER NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX restock_cycles_open_variant ON restock_cycles (variant_id)
            WHERE closed_at IS NULL;
        CREATE INDEX restock_cycles_next_wave ON restock_cycles (next_wave_at)
            WHERE closed_at IS NULL;

        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            customer_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            dedupe_key TEXT NOT NULL UNIQUE,
            state TEXT NOT NULL DEFAULT 'queued',
            attempts INTEGER NOT NULL DEFAULT 0,
            due_at INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            sent_at INTEGER,
            last_error TEXT,
            message_id TEXT
        );
        CREATE INDEX outbox_state_due ON outbox (state, due_at);

        -- No foreign key to outbox: items are written only right after their row, in the same
        -- transaction, and the key check cost a third of a 100,000-watcher wave's item insert.
        CREATE TABLE outbox_items (
            outbox_id INTEGER NOT NULL,
            watch_id INTEGER NOT NULL,
            variant_id TEXT NOT NULL,
            cycle_id INTEGER,
            kind TEXT NOT NULL,
            UNIQUE (watch_id, cycle_id, kind)
        );
        CREATE INDEX outbox_items_outbox ON outbox_items (outbox_id);

        CREATE TABLE links (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            outbox_id INTEGER NOT NULL,
            variant_id TEXT,
            url TEXT NOT NULL,
            kind TEXT NOT NULL
        );

        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            outbox_id INTEGER,
            watch_id INTEGER,
            link_id INTEGER,
            at INTEGER NOT NULL,
            machine INTEGER NOT NULL DEFAULT 0,
            user_agent TEXT,
            ip TEXT
        );
        CREATE INDEX events_at ON events (at);
        CREATE INDEX events_outbox ON events (outbox_id);

        CREATE TABLE orders (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source TEXT NOT NULL,
            external_id TEXT NOT NULL,
            email TEXT,
            currency TEXT NOT NULL,
            total_minor INTEGER NOT NULL,
            status TEXT NOT NULL,
            attribution TEXT,
            placed_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            UNIQUE (source, external_id)
        );

        CREATE TABLE order_lines (
            order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
            line_no INTEGER NOT NULL,
            variant_id TEXT NOT NULL,
            quantity INTEGER NOT NULL,
            price_minor INTEGER NOT NULL,
            PRIMARY KEY (order_id, line_no)
        );

        CREATE TABLE attributions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            order_id INTEGER NOT NULL,
            line_no INTEGER NOT NULL,
            outbox_id INTEGER NOT NULL,
            model TEXT NOT NULL,
            amount_minor INTEGER NOT NULL,
            currency TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            reversed_at INTEGER,
            UNIQUE (order_id, line_no)
        );

        CREATE TABLE follow_ups (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            watch_id INTEGER NOT NULL,
            cycle_id INTEGER,
            due_at INTEGER NOT NULL,
            done_at INTEGER,
            UNIQUE (watch_id, cycle_id)
        );
        CREATE INDEX follow_ups_due ON follow_ups (due_at) WHERE done_at IS NULL;

        CREATE TABLE webhook_receipts (
            source TEXT NOT NULL,
            id TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            PRIMARY KEY (source, id)
        );
        """
}
