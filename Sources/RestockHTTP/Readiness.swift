import Synchronization

/// Whether the daemon may take traffic: set once migrations ran, the index is loaded and the
/// server is bound — the same moment READY=1 goes to systemd.
public final class Readiness: Sendable {
    let ready = Atomic<Bool>(false)

    public init() {}

    public var isReady: Bool { ready.load(ordering: .acquiring) }

    public func markReady() { ready.store(true, ordering: .releasing) }
}
