import Synchronization

/// Token buckets keyed by IP or email: `capacity` requests, refilled evenly over an hour, so a
/// storefront script cannot flood one address or sign up a list of strangers from one host.
public final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    let capacity: Double
    let perSecond: Double
    let buckets = Mutex<[String: Bucket]>([:])
    /// Bounds memory under a flood of distinct keys; full buckets are the ones forgotten.
    let maxKeys = 100_000

    public init(perHour: Int) {
        self.capacity = Double(max(perHour, 1))
        self.perSecond = Double(max(perHour, 1)) / 3600
    }

    /// Takes one token for `key` at `now` (seconds); returns the seconds to wait when none is left.
    public func take(_ key: String, now: Double) -> Double? {
        buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated) * perSecond)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                return (1 - bucket.tokens) / perSecond
            }
            bucket.tokens -= 1
            buckets[key] = bucket
            if buckets.count > maxKeys {
                buckets = buckets.filter { $0.value.tokens + (now - $0.value.updated) * perSecond < capacity }
            }
            return nil
        }
    }
}
