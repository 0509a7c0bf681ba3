/// The one storage edge of Restock (docs/ARCHITECTURE.md §2). Two implementations live in
/// `RestockStore`: SQLite through GRDB (the embedded default) and PostgreSQL through LibPQ. The
/// contract test suite runs the same cases against both.
///
/// All writes go through ``transaction(_:)``: the body is synchronous and runs on the store's own
/// serial executor (GRDB's writer queue, or the actor that owns one `PGconn`), so blocking C calls
/// never occupy the cooperative pool, and everything the body does commits or rolls back together.
/// That is how a stock change, the lifecycle changes it causes and the outbox rows they need are
/// made durable as one (docs/ARCHITECTURE.md §5).
public protocol RestockStore: Sendable {
    /// Which SQL the store speaks, for logs, `check-config`, and what only PostgreSQL needs
    /// (the stats fold).
    var dialect: SQLDialect { get }
    /// Where the data lives, printable (never contains a password).
    var location: String { get }
    /// How many write transactions can make progress at once: 1 for SQLite's single writer, the
    /// pool size for PostgreSQL. Group commit runs at most that many batches side
    /// by side.
    var concurrentWriters: Int { get }

    /// Applies every migration not yet applied, each in its own transaction; returns the versions
    /// it applied, in order.
    @discardableResult
    func migrate() async throws -> [Int]
    /// Versions already applied.
    func appliedMigrations() async throws -> [Int]
    /// Versions this program's migrations have, in order (``SchemaStatus``).
    var knownMigrations: [Int] { get }
    /// The oldest schema version this program upgrades from; an older database is refused
    /// (``SchemaStatus/tooOld(database:oldest:)``).
    var upgradableFrom: Int { get }

    /// Runs `body` in one transaction: it commits when `body` returns and rolls back when it
    /// throws.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T)
        async throws -> T

    /// Cheap round trip for health checks and the systemd watchdog.
    func ping() async throws
    /// Releases connections; later calls fail.
    func close() async throws
}

/// What a transaction can do. Methods are grouped by table; the store keeps the SQL for one table
/// in one file, written once for both dialects.
public protocol StoreTransaction {
    // MARK: webhook_receipts

    /// Records that a delivery was accepted. Returns `false` when `(source, id)` was recorded
    /// before: the caller then acknowledges without doing anything again.
    func recordReceipt(source: String, id: String, at: Timestamp) throws -> Bool

    // MARK: group commit (webhook_receipts, stock, restock_cycles, watches)

    /// Starts a group commit: records the receipts as ``recordReceipt(source:id:at:)`` would
    /// (one answer per receipt, in order; a key given twice is new at its first occurrence
    /// only) and holds off every other transaction that locks any of `variants` until this one
    /// ends. A level read after this and written back later in the transaction then cannot lose
    /// a concurrent delta, even for a (variant, location) with no row yet to lock. One statement
    /// on PostgreSQL; a store with a single writer is serialised already.
    func recordReceipts(_ receipts: [ReceiptKey], lockingVariants variants: [String], at: Timestamp)
        throws -> [Bool]
    /// Stock levels, open cycles and waiting watchers of the variants, in one statement on
    /// PostgreSQL: what a group commit reads before it applies its deliveries.
    func stockSnapshot(variants: [String]) throws -> StockSnapshot

    // MARK: variants

    /// Inserts or updates the variant; `nil` fields keep what is stored.
    func upsertCatalog(_ entry: CatalogEntry, at: Timestamp) throws
    func catalog(variant: String) throws -> CatalogEntry?

    // MARK: stock

    /// Every location's level for the variant, ordered by location.
    func stockLevels(variant: String) throws -> [StockLevel]
    func saveStockLevel(_ level: StockLevel) throws
    /// Saves many levels in one statement; a (variant, location) given twice keeps its last copy.
    func saveStockLevels(_ levels: [StockLevel]) throws

    // MARK: restock_cycles

    /// The variant's cycle that has not closed, if any.
    func openCycle(variant: String) throws -> RestockCycle?
    /// Opens a new cycle; at most one open cycle per variant exists.
    func startCycle(variant: String, at: Timestamp) throws -> RestockCycle
    /// Writes `closedAt`, `nextWaveAt` and `wavesSent`.
    func saveCycle(_ cycle: RestockCycle) throws
    /// Open cycles whose next wave is due at or before `at`, oldest first.
    func cyclesDue(at: Timestamp, limit: Int) throws -> [RestockCycle]

    // MARK: customers

    /// Finds the customer by (already normalized) email or creates it with `name` and `locale`.
    /// With `replacingDetails`, a non-nil `name` or `locale` also updates a customer that
    /// exists; without it (a storefront call, which anyone can make with any address) an
    /// existing customer is returned as it is. One statement, so two calls racing for a new
    /// address cannot turn the second into a rename.
    func upsertCustomer(email: String, name: String?, locale: String?, replacingDetails: Bool, at: Timestamp)
        throws -> Customer
    func customer(id: Int64) throws -> Customer?
    /// The customer with this (already normalized) email, if any.
    func customer(email: String) throws -> Customer?
    /// Customers by id, for a dispatcher round: one statement on PostgreSQL. Unknown ids are
    /// absent.
    func customers(ids: [Int64]) throws -> [Int64: Customer]
    /// No more mail to this customer (a hard bounce, a customer-wide unsubscribe); keeps the
    /// first time it happened.
    func suppressCustomer(id: Int64, at: Timestamp) throws

    // MARK: watches

    /// The customer's live watch on the variant, if any.
    func liveWatch(customerID: Int64, variantID: String) throws -> Watch?
    /// Inserts the watch; its queue position is its id, so older watches come first.
    func insertWatch(_ watch: NewWatch) throws -> Watch
    func watch(id: Int64) throws -> Watch?
    /// Watches by id, for a dispatcher round: one statement on PostgreSQL. Unknown ids are
    /// absent.
    func watches(ids: [Int64]) throws -> [Int64: Watch]
    /// Watches of the variant in `state`, in queue order, starting after `afterPosition`.
    func watches(variantID: String, state: WatchState, afterPosition: Int64?, limit: Int) throws
        -> [Watch]
    /// Writes state, cycle, notified time and update time of each watch, in one statement or a
    /// prepared loop: a wave can touch 100,000 watches.
    func saveWatches(_ watches: [Watch]) throws
    /// Live watches with `id > afterID`, by id, a page at a time (a walk over every live watch).
    func liveWatches(afterID: Int64, limit: Int) throws -> [Watch]
    /// The customer's live watches, by id: what a customer-wide unsubscribe ends.
    func liveWatches(customerID: Int64) throws -> [Watch]
    /// Every variant with at least one live watch, in id order: what the feed poller keeps of a
    /// feed (docs/ARCHITECTURE.md §1, the store is the inverted index).
    func watchedVariants() throws -> [String]

    // MARK: outbox, outbox_items

    /// Queues the entries; one whose `dedupeKey` exists already is skipped. Returns the ids of the
    /// rows inserted, in the order given, `nil` for skipped ones.
    /// `at` is their creation time: the engine's clock, which the queue-to-send figures start from.
    func enqueue(_ entries: [NewOutboxEntry], at: Timestamp) throws -> [Int64?]
    /// Rows in `state` (all when `nil`), by id, with their items.
    func outboxEntries(state: OutboxState?, limit: Int) throws -> [OutboxEntry]

    // MARK: outbox delivery

    /// Claims up to `limit` rows to send, oldest due first: `queued` rows due at `now`, and
    /// `sending` rows whose lease has run out (their sender died mid-send, and sending again
    /// with the same Message-ID is the only way not to lose them). Claimed rows become
    /// `sending`, due again at `leaseUntil`, with one attempt more and a new
    /// ``OutboxEntry/leaseToken``. PostgreSQL skips rows that another transaction is claiming
    /// (`FOR UPDATE SKIP LOCKED`), so several daemons can share one outbox.
    ///
    /// Every mark below names the claim's token and changes the row only while it is still
    /// `sending` under that token: a sender that stalled past its lease (swapped out, stopped)
    /// finds its mark refused (`false`) once another sender has claimed the row, whatever that
    /// sender wrote since.
    func claimOutbox(now: Timestamp, leaseUntil: Timestamp, limit: Int) throws -> [OutboxEntry]
    /// The server accepted the message. Returns `false` when the row was no longer `sending`
    /// under this claim (its lease ran out and another sender took it).
    func markOutboxSent(id: Int64, token: Int64, messageID: String, reply: String, at: Timestamp) throws -> Bool
    /// ``markOutboxSent(id:token:messageID:reply:at:)`` for a group commit's worth of rows, in
    /// one statement on PostgreSQL. Returns the ids that were still `sending` under their
    /// claims and are now `sent`.
    func markOutboxSent(_ marks: [SentMark]) throws -> Set<Int64>
    /// A temporary failure of this message: `queued` again, due at `retryAt`; the first such
    /// failure sets ``OutboxEntry/deferredSince``.
    func markOutboxRetry(id: Int64, token: Int64, retryAt: Timestamp, error: String, at: Timestamp) throws -> Bool
    /// The connection ended after the whole message went out but before the reply: the server
    /// may have queued it. The row stays `sending` (it may have been sent), due again at
    /// `retryAt`, when it is claimed and sent again with the same Message-ID. Sets
    /// ``OutboxEntry/deferredSince`` like a retry.
    func markOutboxInDoubt(id: Int64, token: Int64, retryAt: Timestamp, error: String, at: Timestamp) throws -> Bool
    /// The path failed, not the message (a refused login, a refused connection, a full disk), or
    /// the dispatcher paused before starting it: `queued` again, due at `dueAt`, and the attempt
    /// this claim counted is taken back, so a relay outage never brings a message nearer to
    /// being given up.
    func markOutboxRequeued(id: Int64, token: Int64, dueAt: Timestamp, error: String?, at: Timestamp) throws -> Bool
    /// A permanent failure: `failed`, never sent again.
    func markOutboxFailed(id: Int64, token: Int64, error: String, at: Timestamp) throws -> Bool
    /// Rows still `queued` with an item for any of `watchIDs` become `cancelled`: the mail is no
    /// longer true or wanted (an unsubscribe, a purchase). Rows already `sending` are left to
    /// finish. Returns how many were cancelled.
    func cancelQueuedOutbox(watchIDs: [Int64], at: Timestamp) throws -> Int

    /// The row with its items, whatever its state.
    func outboxEntry(id: Int64) throws -> OutboxEntry?
    /// What became of the back-in-stock emails of `watchIDs`, every cycle (one per watch and
    /// cycle): what a sell-out and the "sold out again" gate decide from. One statement.
    func backInStockNotifications(watchIDs: [Int64]) throws -> [NotificationStatus]

    // MARK: links

    /// Saves the links of emails about to be sent, in one statement on PostgreSQL; returns their
    /// ids in the order given. A link an email has already (same outbox row, kind and variant)
    /// keeps its id and takes the new URL.
    func saveLinks(_ links: [NewLink]) throws -> [Int64]
    func link(id: Int64) throws -> TrackedLink?

    // MARK: events

    /// Stores the event and returns its id; `nil` for an open the same visitor already made
    /// of the same email (kept once, however often the image loads).
    func recordEvent(_ event: TrackingEvent) throws -> Int64?
    /// The email's events of `kind` (all kinds when `nil`), oldest first. For inspection and
    /// tests: a hit reads only what ``clickHistory(linkID:outboxID:visitor:repeatSince:near:)``
    /// and ``hasPersonEvent(outboxID:kind:)`` answer, whatever the email has had before.
    func events(outboxID: Int64, kind: TrackingKind?) throws -> [TrackingEvent]
    /// Holds the email's opens and clicks until the transaction ends, so concurrent hits on one
    /// email are judged one after the other and each sees the rows the one before wrote (a
    /// repeat, a burst, the email's first person). PostgreSQL takes a transaction-level advisory
    /// lock on the outbox id; SQLite's single writer serialises already.
    func lockTracking(outboxID: Int64) throws
    /// What the repeat and burst rules need to judge a click of `visitor` on link `linkID` of
    /// email `outboxID`: whether the visitor followed this link at or after `repeatSince`, the
    /// clicks on the email's other links at `near`, and whether a person clicked it before.
    /// Index probes and a kept count only, one statement on PostgreSQL.
    func clickHistory(
        linkID: Int64, outboxID: Int64, visitor: String, repeatSince: Timestamp, near: ClosedRange<Timestamp>
    ) throws -> ClickHistory
    /// Whether a person's (not a machine's) event of `kind` on the email is stored: a count the
    /// store keeps with every write to `events`, read by its key.
    func hasPersonEvent(outboxID: Int64, kind: TrackingKind) throws -> Bool
    /// Judged again as machines, with `reason`: clicks that turned out to be part of a burst.
    /// Events already a machine's keep their reason.
    func markEventsMachine(ids: [Int64], reason: String) throws

    // MARK: attribution (events, outbox_items, attributions)

    /// People's opens and clicks, at `since...until`, on emails that cover any of `watchIDs`;
    /// one touch per (event, covered watch). Machines' never count.
    func touches(watchIDs: [Int64], since: Timestamp, until: Timestamp) throws -> [AttributionTouch]
    /// Stores the credits of one order's lines; a line credited already keeps its credit.
    /// Returns how many were stored.
    func saveAttributions(_ attributions: [Attribution]) throws -> Int
    /// Takes back the credits of an order that was cancelled or refunded, or with `lines` only
    /// those of these line numbers (a partial refund); returns how many.
    func reverseAttributions(source: String, orderID: String, lines: [Int]?, at: Timestamp) throws -> Int
    /// The order's credits, by line.
    func attributions(source: String, orderID: String) throws -> [Attribution]
    /// Whether an order by `email` that was not cancelled or refunded has a line for the
    /// variant, placed at or after `since`.
    func hasPurchased(email: String, variantID: String, since: Timestamp) throws -> Bool

    // MARK: follow_ups

    /// For each outbox row (id → due time), one purchase check for each watch it covers if it
    /// is a back-in-stock email; a watch that has one for the same cycle keeps it. One
    /// statement on PostgreSQL for a whole group commit of sends. Returns how many were added.
    func scheduleFollowUps(_ due: [Int64: Timestamp]) throws -> Int
    /// Checks not done yet and due at or before `at`, oldest first.
    func dueFollowUps(at: Timestamp, limit: Int) throws -> [FollowUp]
    func completeFollowUp(id: Int64, outcome: FollowUp.Outcome, at: Timestamp) throws
    /// The watch's checks, for inspection and tests.
    func followUps(watchID: Int64) throws -> [FollowUp]

    // MARK: demand (watches, restock_cycles)

    /// Records on the cycle, as it closes, how many watchers of its variant were still waiting:
    /// demand the restock never reached. Returns the count.
    func recordUnreached(cycleID: Int64) throws -> Int
    /// Variants with someone waiting or demand lost, ranked.
    func demand(order: DemandOrder, limit: Int) throws -> [DemandRow]

    // MARK: stats_daily, stats_variant_daily

    /// Adds the increments to both rollups: at once on SQLite; on PostgreSQL as rows of
    /// `stats_pending`, one statement, which ``foldStats()`` adds to the rollups (concurrent
    /// transactions never wait for each other on a rollup row).
    func addStats(_ increments: [StatsIncrement]) throws
    /// Moves pending increments into the rollups; returns how many. Safe to run from several
    /// daemons at once: each pending row is folded once. SQLite has none.
    func foldStats() throws -> Int
    /// The rollups, with the increments not folded yet, summed per group and metric over the
    /// days `fromDay...toDay`.
    func stats(fromDay: Int, toDay: Int, groupBy: StatsGrouping) throws -> [StatsRow]

    // MARK: orders, order_lines

    /// Stores the order or replaces the status of a known one. Returns `true` when it was new.
    func saveOrder(_ order: OrderEvent, at: Timestamp) throws -> Bool
    /// The stored order with its lines in their original order; `occurredAt` is when it was
    /// placed, `status` the latest one saved.
    func order(source: String, orderID: String) throws -> OrderEvent?

    // MARK: inventory_items, parked_levels

    /// Locks the rows of `itemIDs` (creating those never seen, with no variant yet) and returns
    /// the variant of every item that has one. A delivery about an item takes this lock before
    /// it looks at the map, so a level and the mapping it needs, arriving in two concurrent
    /// transactions, are applied one after the other: the level is parked before the mapping
    /// collects the parked levels, or it finds the mapping.
    func lockInventoryItems(source: String, itemIDs: [String], at: Timestamp) throws -> [String: String]
    /// Records which variant each item belongs to (a later link for an item replaces the earlier).
    func linkInventoryItems(source: String, _ links: [InventoryItemLink], at: Timestamp) throws
    /// Keeps levels of items whose variant is not known yet; per (item, location) the newest
    /// by event time wins.
    func parkItemLevels(source: String, _ levels: [InventoryItemLevel], at: Timestamp) throws
    /// Removes and returns the parked levels of the items.
    func takeParkedLevels(source: String, itemIDs: [String]) throws -> [InventoryItemLevel]

    // MARK: platform_lookups

    /// Queues thin webhook references to be read back from the platform, due at once.
    func enqueueLookups(source: String, _ lookups: [PlatformLookup], at: Timestamp) throws
    /// The oldest due lookups.
    func dueLookups(at: Timestamp, limit: Int) throws -> [QueuedLookup]
    /// Deletes a lookup that was answered (or can never be).
    func finishLookup(id: Int64) throws
    /// Counts a failed try and moves the lookup to `due`.
    func retryLookup(id: Int64, due: Timestamp, error: String) throws
    /// Lookups still queued, for STATUS and tests.
    func pendingLookups() throws -> Int

    // MARK: feed_polls, variants.removed_at

    func feedPoll(url: String) throws -> FeedPollState?
    func saveFeedPoll(_ state: FeedPollState) throws
    /// Takes the feed's next poll for this daemon: sets `polled_at` to `at` (a new row, without
    /// validators, if the feed was never polled) unless it is later than `lastPolledBy`. False
    /// when another daemon polled more recently, so daemons sharing a store poll once per
    /// interval between them (docs/ARCHITECTURE.md §1).
    func claimFeedPoll(url: String, at: Timestamp, lastPolledBy: Timestamp) throws -> Bool
    /// Marks variants the feed no longer lists (`at` set) or lists again (`at` nil). A removed
    /// product is not a sold-out one: its stock and watches are left as they are.
    func markVariantsRemoved(_ variantIDs: [String], at: Timestamp?) throws
    /// Variants marked removed, in id order.
    func removedVariants() throws -> [String]

    // MARK: counts

    /// Figures for STATUS=, `/metrics` and `/readyz`.
    func counts() throws -> StoreCounts
}

/// A message the receiving server accepted, for ``StoreTransaction/markOutboxSent(_:)``.
public struct SentMark: Hashable, Sendable {
    public var id: Int64
    /// The ``OutboxEntry/leaseToken`` of the claim the message was sent under.
    public var token: Int64
    public var messageID: String
    public var reply: String
    public var at: Timestamp

    public init(id: Int64, token: Int64, messageID: String, reply: String, at: Timestamp) {
        self.id = id
        self.token = token
        self.messageID = messageID
        self.reply = reply
        self.at = at
    }
}

/// One webhook delivery's idempotency key (`webhook_receipts`).
public struct ReceiptKey: Hashable, Sendable {
    public var source: String
    public var id: String

    public init(source: String, id: String) {
        self.source = source
        self.id = id
    }
}

/// What a group commit knows of its variants before it applies its deliveries.
public struct StockSnapshot: Hashable, Sendable {
    /// Each variant's levels, ordered by location; a variant with no stock row is absent.
    public var levels: [String: [StockLevel]]
    /// Each variant's open cycle; absent when it has none.
    public var openCycles: [String: RestockCycle]
    /// The variants with at least one watch in state `watching`.
    public var waiting: Set<String>

    public init(
        levels: [String: [StockLevel]] = [:], openCycles: [String: RestockCycle] = [:], waiting: Set<String> = []
    ) {
        self.levels = levels
        self.openCycles = openCycles
        self.waiting = waiting
    }
}

/// Figures an operator sees in `systemctl status` and on `/metrics`.
public struct StoreCounts: Hashable, Sendable, Codable {
    /// Watches in a live state.
    public var liveWatches: Int
    /// Distinct variants with at least one live watch.
    public var watchedVariants: Int
    /// Outbox rows queued or sending.
    public var outboxBacklog: Int
    public var orders: Int

    public init(liveWatches: Int, watchedVariants: Int, outboxBacklog: Int, orders: Int) {
        self.liveWatches = liveWatches
        self.watchedVariants = watchedVariants
        self.outboxBacklog = outboxBacklog
        self.orders = orders
    }
}

extension StoreTransaction {
    /// ``upsertCustomer(email:name:locale:replacingDetails:at:)`` for a trusted caller: a
    /// non-nil `name` or `locale` updates the stored one.
    public func upsertCustomer(email: String, name: String?, locale: String?, at: Timestamp) throws -> Customer {
        try upsertCustomer(email: email, name: name, locale: locale, replacingDetails: true, at: at)
    }

    /// ``scheduleFollowUps(_:)`` for one email.
    public func scheduleFollowUps(outboxID: Int64, dueAt: Timestamp) throws -> Int {
        try scheduleFollowUps([outboxID: dueAt])
    }

    /// ``enqueue(_:at:)`` created now.
    public func enqueue(_ entries: [NewOutboxEntry]) throws -> [Int64?] { try enqueue(entries, at: .now) }

    /// Takes back every credit of the order.
    public func reverseAttributions(source: String, orderID: String, at: Timestamp) throws -> Int {
        try reverseAttributions(source: source, orderID: orderID, lines: nil, at: at)
    }
}
