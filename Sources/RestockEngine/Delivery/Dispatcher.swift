import CoreMetrics
import Crypto
import Foundation
import Logging
import RestockCore
import RestockMail
import ServiceLifecycle

/// How the dispatcher paces and retries.
public struct DispatcherConfiguration: Sendable {
    /// Messages in flight at once: also the most that can be sent but not yet recorded at a
    /// crash. Twice the transport's connections keeps each busy while another message is
    /// rendered or recorded.
    public var concurrency: Int
    /// Rows claimed per round, at most.
    public var batchSize: Int
    /// How long a claimed row stays ours: a row still `sending` after this, because its sender
    /// died, is claimed again and re-sent with the same Message-ID.
    public var lease: Double
    public var retry: RetryPolicy
    /// How long faults of the path pause sending: the first wait, doubled per failed probe up to
    /// its maximum.
    public var pathBackoff: PathHealth
    /// The base of links in emails (`https://restock.shop.example`).
    public var publicURL: String
    /// Signs the tokens in links.
    public var linkSecret: SymmetricKey
    /// How long re-subscribe and confirm links work (unsubscribe links work for years).
    public var linkLifetime: Double
    /// Messages per second across every connection; `nil` sends as fast as the transport takes.
    public var rateLimit: SendRateLimit?
    /// Product links go through `/t/c/…` and the HTML carries the open pixel (`/t/o/…`).
    public var tracking: Bool
    /// Seconds after a back-in-stock email is accepted that its purchase check is due: the
    /// attribution click window.
    public var followUpAfter: Double

    /// Rows one round claims: the batch, or fewer when the rate limit would not let them all
    /// go within half the lease.
    public var claimLimit: Int {
        guard let rateLimit else { return batchSize }
        return max(1, min(batchSize, Int(rateLimit.perSecond * lease / 2)))
    }

    public init(
        concurrency: Int = 8, batchSize: Int = 64, lease: Double = 300, retry: RetryPolicy = RetryPolicy(),
        pathBackoff: PathHealth = PathHealth(), publicURL: String, linkSecret: SymmetricKey,
        linkLifetime: Double = 90 * 86_400,
        rateLimit: SendRateLimit? = nil, tracking: Bool = true, followUpAfter: Double = 5 * 86_400
    ) {
        self.followUpAfter = followUpAfter
        self.tracking = tracking
        self.concurrency = max(1, concurrency)
        self.batchSize = max(1, batchSize)
        self.lease = lease
        self.retry = retry
        self.pathBackoff = pathBackoff
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.linkSecret = linkSecret
        self.linkLifetime = linkLifetime
        self.rateLimit = rateLimit
    }
}

/// Sends what the outbox holds (docs/ARCHITECTURE.md §5): claims due rows, renders and signs each,
/// hands it to the transport and writes the outcome back as a row. The database is the queue and
/// the checkpoint: after a crash the next round picks up from rows, `sending` ones once their lease
/// ends.
///
/// Two transactions serve many messages: a round claims its rows and reads what they show in
/// one, and the outcomes of messages finishing together are written in one (``Mark``, by group
/// commit). Each message still holds its slot until its own outcome is durable, so at most
/// `concurrency` messages are ever sent but not recorded: what a crash can send twice.
///
/// A fault of the path (the relay refused our login, nothing answers, the disk is full) fails
/// no message: the round stops starting sends, what it claimed goes back to the queue, and
/// later rounds send one message at a time, with backoff, until one gets through
/// (``PathHealth``).
public struct Dispatcher: Sendable {
    let store: any RestockStore
    let mailer: Mailer
    public let configuration: DispatcherConfiguration
    let logger: Logger
    let clock: @Sendable () -> Timestamp
    let jitter: @Sendable () -> Double
    let marks: GroupCommit<Mark, Bool>
    let metrics = DispatcherMetrics()
    let path: PathMonitor

    public init(
        store: any RestockStore, mailer: Mailer, configuration: DispatcherConfiguration, logger: Logger,
        clock: @escaping @Sendable () -> Timestamp = { .now },
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.store = store
        self.mailer = mailer
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.jitter = jitter
        self.marks = GroupCommit(store: store, maxBatch: 256) { marks, tx in try Mark.write(marks, tx) }
        self.path = PathMonitor(configuration.pathBackoff)
        // Present from the start, so an alert on `restock_mail_paused == 1` never reads a gap.
        metrics.paused.record(0)
    }

    /// What one round did.
    public struct Round: Sendable, Hashable {
        public var claimed = 0
        public var sent = 0
        public var retried = 0
        public var failed = 0
        /// Claimed rows not started because their lease was running out (a slow server): they
        /// stay `sending` and are claimed again when the lease ends.
        public var leftForTheirLease = 0
        /// Rows put back in the queue, attempt not counted: their send met a fault of the path,
        /// or it came before they started.
        public var putBack = 0
        /// Paused: the round claimed at most one message, to probe the path.
        public var probe = false
        /// Paused, and no probe due yet: the round claimed nothing.
        public var paused = false

        public init(claimed: Int = 0, sent: Int = 0, retried: Int = 0, failed: Int = 0) {
            self.claimed = claimed
            self.sent = sent
            self.retried = retried
            self.failed = failed
        }
    }

    /// Claims one batch and delivers it, `concurrency` messages at a time; returns when every
    /// claimed row has its outcome written.
    @discardableResult
    public func dispatchOnce() async throws -> Round {
        let now = clock()
        var round = Round()
        switch pathEvent(.roundStarts(at: now)) {
        case .wait:
            round.paused = true
            return round
        case .probe: round.probe = true
        default: break
        }
        let lease = now.adding(seconds: configuration.lease)
        let limit = round.probe ? 1 : configuration.claimLimit
        let tracking = configuration.tracking
        let claimed = try await store.transaction { tx in
            let rows = try tx.claimOutbox(now: now, leaseUntil: lease, limit: limit)
            return try zip(rows, DispatchContent.read(rows, tracking: tracking, tx: tx)).map {
                Claimed(entry: $0, content: $1)
            }
        }
        // A send is started only while enough of the lease is left for it to finish: once the
        // lease ends another dispatcher may claim the row, and both would send it.
        let lastStart = lease.adding(seconds: -min(90, configuration.lease / 2))
        round.claimed = claimed.count
        var notStarted: [Claimed] = []
        try await withThrowingTaskGroup(of: Outcome.self) { group in
            var pending = claimed[...]
            func startNext() {
                guard !pending.isEmpty else { return }
                // Stopping: the sends under way finish, the rest go back unsent, with no attempt
                // counted, so the drain takes one message's time, within the unit's
                // TimeoutStopSec=, not a whole claimed batch's.
                guard !Task.isShuttingDownGracefully else {
                    notStarted = Array(pending)
                    pending = []
                    return
                }
                guard clock() < lastStart else {
                    round.leftForTheirLease = pending.count
                    pending = []
                    return
                }
                // A send of this round met a fault of the path: the rest would meet it too.
                guard round.probe || path.pause == nil else {
                    notStarted = Array(pending)
                    pending = []
                    return
                }
                let next = pending.removeFirst()
                group.addTask { try await deliver(next.entry, next.content) }
            }
            for _ in 0..<configuration.concurrency { startNext() }
            while let outcome = try await group.next() {
                switch outcome {
                case .sent: round.sent += 1
                case .retried: round.retried += 1
                case .failed: round.failed += 1
                case .putBack: round.putBack += 1
                }
                startNext()
            }
        }
        try await putBack(notStarted, dueAt: path.pause?.retryAt ?? now)
        round.putBack += notStarted.count
        return round
    }

    enum Outcome { case sent, retried, failed, putBack }

    struct Claimed: Sendable {
        var entry: OutboxEntry
        var content: DispatchContent?
    }
}
