import RestockCore

/// Who asked for a tracking URL, as the HTTP layer saw it.
public struct TrackingRequest: Sendable, Hashable {
    /// `GET` or `HEAD`.
    public var method: String
    /// At most ``maxUserAgent`` characters, one clean line: it is stored with every event and
    /// shown in reports, and a header may be 16 KiB.
    public var userAgent: String?
    public var ip: String?

    /// Real agents are under 300 characters; the classifier's markers sit at their start.
    public static let maxUserAgent = 512

    public init(method: String, userAgent: String?, ip: String?) {
        self.method = method
        self.userAgent = userAgent.map { SafeText.line($0, maxLength: Self.maxUserAgent) }
        self.ip = ip
    }
}

extension RestockEngine {
    /// `GET /t/o/…`: the open pixel of outbox row `outboxID` loaded. Stores the open, judged
    /// person or machine, once per visitor; returns it, or `nil` when the row does not exist or
    /// the visitor had opened it already. Nothing else happens on an open. Stored in the next
    /// group commit of hits (``TrackingRecorder``), answered once durable.
    @discardableResult
    public func recordOpen(outboxID: Int64, request: TrackingRequest) async throws -> TrackingEvent? {
        try await tracking.submit(.open(outboxID: outboxID, request: request, at: clock())).event
    }

    /// `GET /t/c/…`: link `linkID` was followed. Returns the link to redirect to, and the click
    /// stored, judged person or scanner (a burst of clicks on several links of the email also
    /// marks the earlier ones); `nil`, with nothing stored, when the link does not exist.
    ///
    /// The same visitor following the same link again within
    /// ``EngineConfiguration/clickRepeatWindow`` is the click counted already: it is redirected,
    /// and nothing is stored or counted (the event is `nil`), so rows grow with distinct
    /// visitors, not with requests. Stored in the next group commit of hits
    /// (``TrackingRecorder``), answered once durable.
    public func followClick(linkID: Int64, request: TrackingRequest) async throws
        -> (link: TrackedLink, event: TrackingEvent?)?
    {
        let outcome = try await tracking.submit(.click(linkID: linkID, request: request, at: clock()))
        return outcome.link.map { ($0, outcome.event) }
    }
}
