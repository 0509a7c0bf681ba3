/// An error that may say the store cannot be reached at all (the database is down, restarting,
/// or locked by another process), as opposed to a statement that failed for its own reasons.
///
/// Callers that can wait treat the two differently: an unreachable store is a fault of the path,
/// so the HTTP layer answers 503 with `Retry-After` (the platform retries; nothing is lost) and
/// the background loops wait and resume, instead of failing the work or the process.
public protocol StoreAvailabilityError: Error {
    /// True when the store could not be reached; nothing about the request itself was wrong.
    var isStoreUnavailable: Bool { get }
}

extension Error {
    /// Whether this error says the store is unreachable (see ``StoreAvailabilityError``).
    public var isStoreUnavailable: Bool {
        (self as? any StoreAvailabilityError)?.isStoreUnavailable ?? false
    }
}
