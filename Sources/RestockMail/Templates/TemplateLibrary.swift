import Synchronization

/// The template set in use, which a reload (SIGHUP) replaces whole: a message renders with the
/// old set or the new one, never a mix, and a set that failed to load never replaces one that
/// works.
public final class TemplateLibrary: Sendable {
    private let storage: Mutex<TemplateSet>

    public init(_ set: TemplateSet) { storage = Mutex(set) }

    public var current: TemplateSet { storage.withLock { $0 } }

    public func replace(with newSet: TemplateSet) { storage.withLock { $0 = newSet } }
}
