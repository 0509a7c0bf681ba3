/// The PostgreSQL schema, as numbered migrations. Append only: a released migration is never
/// edited, because databases in the field have already run it. Version numbers match the SQLite
/// store's, so `schema_migrations` means the same thing in both. How migrations run, and where
/// the two schemas still differ: docs/ARCHITECTURE.md §6.
///
/// Times are BIGINT microseconds since 1970 UTC; shop ids are TEXT (Shopify's exceed 2^53 and
/// some engines use leading zeros); our own ids are `BIGINT GENERATED ALWAYS AS IDENTITY`, so an
/// id is never reused and never written by hand (the Message-ID of an email derives from the
/// outbox id). Tables go into the first schema of the connection's `search_path`.
///
/// Text columns that hold ids, keys or enum raw values and sit in an index are `COLLATE "C"`:
/// they compare and sort by bytes, as SQLite's BINARY does, whatever locale the database was
/// created with, and a B-tree on them compares with `memcmp` instead of `strcoll`, which is
/// several times faster when 100,000 outbox keys go in at once.
enum PostgresMigrations {
    /// Created before any migration runs, since it records which ones have.
    static let bootstrap = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            applied_at BIGINT NOT NULL
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
    /// paused on a fault of the path never expire a message. Both columns have a constant
    /// default or none, so adding them rewrites no rows.
    private static let outboxFencing = """
        ALTER TABLE outbox ADD COLUMN lease_token BIGINT NOT NULL DEFAULT 0, ADD COLUMN deferred_since BIGINT;
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
        -- `kind` collates as `events.kind` does, which it is joined with.
        CREATE TABLE people_events (
            outbox_id BIGINT NOT NULL,
            kind TEXT NOT NULL,
            events BIGINT NOT NULL,
            PRIMARY KEY (outbox_id, kind)
        );
        INSERT INTO people_events (outbox_id, kind, events)
        SELECT outbox_id, kind, count(*) FROM events
        WHERE machine = false AND outbox_id IS NOT NULL
        GROUP BY outbox_id, kind;
        """

    /// Nearly every email covers one watch, and a 100,000-watcher restock wrote each one twice:
    /// its outbox row, then its `outbox_items` row with two index entries, 0.4 s of the server's
    /// time. Now a one-item email keeps its item in its own row (`watch_id`, `variant_id`,
    /// `cycle_id`), and `outbox_items` holds only the items of emails about several watches;
    /// `outbox_item_list` reads both as one. Rows queued before this migration are moved the
    /// same way, so every one-item email is alike. `outbox_watch` finds a one-item email by its watch, as the items' unique index finds
    /// the others' (attribution and cancelling look emails up by watch). Uniqueness stays with
    /// the dedupe key's own index.
    private static let inlineItems = """
        ALTER TABLE outbox ADD COLUMN watch_id BIGINT, ADD COLUMN variant_id TEXT COLLATE "C",
            ADD COLUMN cycle_id BIGINT;
        UPDATE outbox o SET watch_id = i.watch_id, variant_id = i.variant_id, cycle_id = i.cycle_id
        FROM outbox_items i
        WHERE i.outbox_id = o.id
          AND o.id IN (SELECT outbox_id FROM outbox_items GROUP BY outbox_id HAVING count(*) = 1);
        DELETE FROM outbox_items i USING outbox o WHERE o.id = i.outbox_id AND o.watch_id IS NOT NULL;
        CREATE INDEX outbox_watch ON outbox (watch_id) WHERE watch_id IS NOT NULL;
        CREATE VIEW outbox_item_list AS
            SELECT outbox_id, watch_id, variant_id, cycle_id, kind FROM outbox_items
            UNION ALL
            SELECT id, watch_id, variant_id, cycle_id, kind COLLATE "C" FROM outbox WHERE watch_id IS NOT NULL;
        """

    /// A big restock moves 100,000 watches from `watching` to `notified` in one statement, and
    /// with `state` in both watch indexes (one as a partial-index predicate) none of those
    /// updates could be HOT: every row got a new tuple and a new entry in every index, 1.2 s of
    /// the server's time. Now no index names `state`:
    /// - `ended` (set when a watch leaves the live states, which happens once per watch) is the
    ///   predicate of the partial indexes instead;
    /// - who is `watching`, which waves read in queue order, is the narrow `waiting` table the
    ///   store keeps in step in the same statements that change a watch's state;
    /// - fillfactor 50 leaves room on each page for the new versions HOT updates keep beside
    ///   the old (pages written before this migration gain it when rewritten).
    /// `(state, id)` indexes only the states a row ends in: new `queued` rows, 100,000 in a
    /// restock, no longer pay for an entry there; the claim has `outbox_claimable`. (Outbox ids
    /// stay drawn one at a time: a sequence cache would hand each connection its own block, and
    /// ids would no longer follow the order rows were queued in across connections.)
    private static let hotWatchUpdates = """
        ALTER TABLE watches ADD COLUMN ended BOOLEAN NOT NULL DEFAULT false;
        UPDATE watches SET ended = true WHERE state NOT IN ('pending', 'watching', 'notified', 'sold_out_again');
        DROP INDEX watches_live_customer_variant;
        CREATE UNIQUE INDEX watches_live_customer_variant ON watches (customer_id, variant_id) WHERE NOT ended;
        DROP INDEX watches_variant_state_position;
        CREATE INDEX watches_live_variant_position ON watches (variant_id, queue_position) WHERE NOT ended;
        ALTER TABLE watches SET (fillfactor = 50);

        CREATE TABLE waiting (
            variant_id TEXT COLLATE "C" NOT NULL,
            queue_position BIGINT NOT NULL,
            watch_id BIGINT NOT NULL,
            PRIMARY KEY (variant_id, queue_position, watch_id)
        );
        INSERT INTO waiting (variant_id, queue_position, watch_id)
            SELECT variant_id, queue_position, id FROM watches WHERE state = 'watching';

        DROP INDEX outbox_state_id;
        CREATE INDEX outbox_settled_state_id ON outbox (state, id) WHERE state NOT IN ('queued', 'sending');
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
            source TEXT COLLATE "C" NOT NULL,
            item_id TEXT COLLATE "C" NOT NULL,
            variant_id TEXT COLLATE "C",
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (source, item_id)
        );
        CREATE TABLE parked_levels (
            source TEXT COLLATE "C" NOT NULL,
            item_id TEXT COLLATE "C" NOT NULL,
            location_id TEXT COLLATE "C" NOT NULL,
            available BIGINT NOT NULL,
            occurred_at BIGINT NOT NULL,
            parked_at BIGINT NOT NULL,
            PRIMARY KEY (source, item_id, location_id)
        );
        CREATE TABLE platform_lookups (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            source TEXT NOT NULL,
            kind TEXT NOT NULL,
            product_id TEXT,
            variant_id TEXT,
            order_id TEXT,
            occurred_at BIGINT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            due_at BIGINT NOT NULL,
            last_error TEXT,
            created_at BIGINT NOT NULL
        );
        CREATE INDEX platform_lookups_due ON platform_lookups (due_at, id);
        CREATE TABLE feed_polls (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            polled_at BIGINT NOT NULL,
            changed_at BIGINT,
            items INTEGER NOT NULL DEFAULT 0
        );
        ALTER TABLE variants ADD COLUMN removed_at BIGINT;
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
        ALTER TABLE attributions ADD COLUMN event_id BIGINT;
        ALTER TABLE follow_ups ADD COLUMN outcome TEXT;
        CREATE INDEX orders_email ON orders (email, placed_at);
        ALTER TABLE restock_cycles ADD COLUMN unreached INTEGER NOT NULL DEFAULT 0;

        CREATE TABLE stats_daily (
            day INTEGER NOT NULL,
            kind TEXT COLLATE "C" NOT NULL,
            language TEXT COLLATE "C" NOT NULL,
            metric TEXT COLLATE "C" NOT NULL,
            value BIGINT NOT NULL,
            PRIMARY KEY (day, kind, language, metric)
        );
        CREATE TABLE stats_variant_daily (
            day INTEGER NOT NULL,
            variant_id TEXT COLLATE "C" NOT NULL,
            metric TEXT COLLATE "C" NOT NULL,
            value BIGINT NOT NULL,
            PRIMARY KEY (day, variant_id, metric)
        );
        -- Increments land here first and are folded into the rollups every few seconds: every
        -- send and every open adds to the same few rollup rows, and updating them in place made
        -- concurrent transactions wait for each other's commit (the dispatcher lost a third of
        -- its rate). Inserts never wait. SQLite has one writer, and adds to the rollups directly.
        CREATE TABLE stats_pending (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            day INTEGER NOT NULL,
            kind TEXT NOT NULL,
            language TEXT NOT NULL,
            variant_id TEXT NOT NULL,
            metric TEXT NOT NULL,
            delta BIGINT NOT NULL
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

    // Partial indexes name the live states literally, as in SQLite; they must match
    // `WatchState.liveStates`, which the contract tests check through `insertWatch`.
    private static let schema1 = """
        CREATE TABLE variants (
            id TEXT COLLATE "C" PRIMARY KEY,
            product_title TEXT,
            variant_title TEXT,
            url TEXT,
            image_url TEXT,
            price_minor BIGINT,
            currency TEXT,
            updated_at BIGINT NOT NULL
        );

        CREATE TABLE stock (
            variant_id TEXT COLLATE "C" NOT NULL,
            location_id TEXT COLLATE "C" NOT NULL,
            available BIGINT NOT NULL,
            watermark BIGINT NOT NULL,
            PRIMARY KEY (variant_id, location_id)
        );

        CREATE TABLE customers (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            email TEXT COLLATE "C" NOT NULL UNIQUE,
            name TEXT,
            locale TEXT,
            suppressed_at BIGINT,
            created_at BIGINT NOT NULL
        );

        CREATE TABLE watches (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            customer_id BIGINT NOT NULL REFERENCES customers (id),
            variant_id TEXT COLLATE "C" NOT NULL,
            location_id TEXT,
            quantity INTEGER NOT NULL DEFAULT 1,
            locale TEXT,
            state TEXT COLLATE "C" NOT NULL,
            queue_position BIGINT NOT NULL,
            cycle_id BIGINT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            notified_at BIGINT,
            expires_at BIGINT,
            consent_source TEXT NOT NULL,
            consent_text TEXT,
            consent_ip TEXT,
            consent_at BIGINT NOT NULL
        );
        CREATE UNIQUE INDEX watches_live_customer_variant ON watches (customer_id, variant_id)
            WHERE state IN ('pending', 'watching', 'notified', 'sold_out_again');
        CREATE INDEX watches_variant_state_position ON watches (variant_id, state, queue_position);

        CREATE TABLE restock_cycles (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            variant_id TEXT COLLATE "C" NOT NULL,
            opened_at BIGINT NOT NULL,
            closed_at BIGINT,
            next_wave_at BIGINT,
            waves_sent INTEGER NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX restock_cycles_open_variant ON restock_cycles (variant_id)
            WHERE closed_at IS NULL;
        CREATE INDEX restock_cycles_next_wave ON restock_cycles (next_wave_at)
            WHERE closed_at IS NULL;

        CREATE TABLE outbox (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            customer_id BIGINT NOT NULL,
            kind TEXT NOT NULL,
            dedupe_key TEXT COLLATE "C" NOT NULL UNIQUE,
            state TEXT COLLATE "C" NOT NULL DEFAULT 'queued',
            attempts INTEGER NOT NULL DEFAULT 0,
            due_at BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            sent_at BIGINT,
            last_error TEXT,
            message_id TEXT
        );
        CREATE INDEX outbox_state_due ON outbox (state, due_at);

        -- No foreign key to outbox: items are written only right after their row, in the same
        -- transaction, and the key check cost a third of a 100,000-watcher wave's item insert.
        CREATE TABLE outbox_items (
            outbox_id BIGINT NOT NULL,
            watch_id BIGINT NOT NULL,
            variant_id TEXT COLLATE "C" NOT NULL,
            cycle_id BIGINT,
            kind TEXT COLLATE "C" NOT NULL,
            UNIQUE (watch_id, cycle_id, kind)
        );
        CREATE INDEX outbox_items_outbox ON outbox_items (outbox_id);

        CREATE TABLE links (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            outbox_id BIGINT NOT NULL,
            variant_id TEXT,
            url TEXT NOT NULL,
            kind TEXT NOT NULL
        );

        CREATE TABLE events (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            kind TEXT NOT NULL,
            outbox_id BIGINT,
            watch_id BIGINT,
            link_id BIGINT,
            at BIGINT NOT NULL,
            machine BOOLEAN NOT NULL DEFAULT false,
            user_agent TEXT,
            ip TEXT
        );
        CREATE INDEX events_at ON events (at);
        CREATE INDEX events_outbox ON events (outbox_id);

        CREATE TABLE orders (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            source TEXT COLLATE "C" NOT NULL,
            external_id TEXT COLLATE "C" NOT NULL,
            email TEXT,
            currency TEXT NOT NULL,
            total_minor BIGINT NOT NULL,
            status TEXT NOT NULL,
            attribution TEXT,
            placed_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            UNIQUE (source, external_id)
        );

        CREATE TABLE order_lines (
            order_id BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
            line_no INTEGER NOT NULL,
            variant_id TEXT NOT NULL,
            quantity INTEGER NOT NULL,
            price_minor BIGINT NOT NULL,
            PRIMARY KEY (order_id, line_no)
        );

        CREATE TABLE attributions (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            order_id BIGINT NOT NULL,
            line_no INTEGER NOT NULL,
            outbox_id BIGINT NOT NULL,
            model TEXT NOT NULL,
            amount_minor BIGINT NOT NULL,
            currency TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            reversed_at BIGINT,
            UNIQUE (order_id, line_no)
        );

        CREATE TABLE follow_ups (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            watch_id BIGINT NOT NULL,
            cycle_id BIGINT,
            due_at BIGINT NOT NULL,
            done_at BIGINT,
            UNIQUE (watch_id, cycle_id)
        );
        CREATE INDEX follow_ups_due ON follow_ups (due_at) WHERE done_at IS NULL;

        CREATE TABLE webhook_receipts (
            source TEXT COLLATE "C" NOT NULL,
            id TEXT COLLATE "C" NOT NULL,
            received_at BIGINT NOT NULL,
            PRIMARY KEY (source, id)
        );
        """
}
