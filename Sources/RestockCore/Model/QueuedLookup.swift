/// A ``PlatformLookup`` waiting in the store until the platform's API answers it.
public struct QueuedLookup: Hashable, Sendable {
    public var id: Int64
    public var source: String
    public var lookup: PlatformLookup
    /// Failed tries so far; the retry delay grows with it.
    public var attempts: Int

    public init(id: Int64, source: String, lookup: PlatformLookup, attempts: Int) {
        self.id = id
        self.source = source
        self.lookup = lookup
        self.attempts = attempts
    }
}
