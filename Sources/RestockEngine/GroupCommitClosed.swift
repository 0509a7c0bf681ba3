import RestockCore

/// A request that reached a ``GroupCommit`` after shutdown closed it. Counted as the store being
/// unavailable, so an HTTP caller is told to retry (503) rather than that its request was wrong.
public struct GroupCommitClosed: StoreAvailabilityError, CustomStringConvertible {
    public var isStoreUnavailable: Bool { true }
    public var description: String { "shutting down: the request was not applied" }
}
