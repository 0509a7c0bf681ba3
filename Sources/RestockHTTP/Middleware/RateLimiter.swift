import Synchronization

/// Token buckets keyed by client (``ClientKey``) or email: `limit` requests per `window`,
/// refilled evenly, so one client cannot flood a route and a storefront script cannot sign up
/// a list of strangers from one host.
///
/// Memory is bounded by `maxKeys` whatever arrives. Buckets live in two generations: lookups
/// find a key in either and move it to the current one; when the current one holds half of
/// `maxKeys`, it becomes the previous one and the old previous one is dropped whole. That is
/// O(1) amortized per request, keeps every client seen in the last half-table of distinct keys,
/// and forgets the rest, which only ever gives a forgotten client a full bucket again. Keys are
/// stored as their hash (seeded per process, so nobody can aim a collision), 8 bytes each.
public final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    struct Table {
        var current: [Int: Bucket] = [:]
        var previous: [Int: Bucket] = [:]
    }

    let capacity: Double
    let perSecond: Double
    let generationSize: Int
    let table = Mutex(Table())

    /// - Parameters:
    ///   - limit: requests allowed in a burst, and per `window` on average (at least 1).
    ///   - window: seconds over which `limit` tokens refill.
    ///   - maxKeys: at most this many buckets are kept (at least 2).
    public init(limit: Int, window: Double, maxKeys: Int = 100_000) {
        self.capacity = Double(max(limit, 1))
        self.perSecond = Double(max(limit, 1)) / max(window, 1)
        self.generationSize = max(maxKeys / 2, 1)
    }

    /// `perHour` requests an hour.
    public convenience init(perHour: Int, maxKeys: Int = 100_000) {
        self.init(limit: perHour, window: 3600, maxKeys: maxKeys)
    }

    /// Takes one token for `key` at `now` (seconds); returns the seconds to wait when none is left.
    public func take(_ key: some Hashable, now: Double) -> Double? {
        update(key, now: now, taking: true)
    }

    /// The seconds to wait before `key` may make a request at `now`, without taking a token:
    /// routes that count only refusals ask first and ``take(_:now:)`` after a refusal.
    public func wait(_ key: some Hashable, now: Double) -> Double? {
        update(key, now: now, taking: false)
    }

    /// How many buckets are kept now; never more than `maxKeys`.
    public var count: Int { table.withLock { $0.current.count + $0.previous.count } }

    func update(_ key: some Hashable, now: Double, taking: Bool) -> Double? {
        let hash = key.hashValue
        return table.withLock { table in
            let known = table.current[hash] ?? table.previous.removeValue(forKey: hash)
            // Asking about a client never counted needs no bucket: a full one is implied.
            if known == nil, !taking { return nil }
            var bucket = known ?? Bucket(tokens: capacity, updated: now)
            // A clock that stepped back, or a non-finite reading, refills nothing.
            let elapsed = now - bucket.updated
            if elapsed > 0, elapsed.isFinite {
                bucket.tokens = min(capacity, bucket.tokens + elapsed * perSecond)
                bucket.updated = now
            }
            let wait: Double? = bucket.tokens >= 1 ? nil : (1 - bucket.tokens) / perSecond
            if taking, wait == nil { bucket.tokens -= 1 }
            if table.current[hash] == nil, table.current.count >= generationSize {
                table.previous = table.current
                table.current = [:]
                table.current.reserveCapacity(generationSize)
            }
            table.current[hash] = bucket
            return wait
        }
    }

    /// A `Retry-After` value for `wait` seconds: whole seconds, at least 1, at most a day, and 1
    /// for a value that is not a finite number, so the header never traps or lies wildly.
    public static func retryAfter(_ wait: Double) -> Int {
        guard wait.isFinite else { return 1 }
        return Int(min(max(wait, 1), 86_400).rounded(.up))
    }
}
