import Crypto

/// What a tracking request was: the open pixel loading, or a tracked link followed.
public enum TrackingKind: String, Sendable, Codable, CaseIterable {
    case open
    case click
}

/// A link Restock put in one email, kept so a click redirects only to a URL Restock chose,
/// never to one taken from the request (`links`).
public struct TrackedLink: Hashable, Sendable, Codable {
    public var id: Int64
    public var outboxID: Int64
    public var variantID: String?
    public var url: String
    /// `product` for an item's link.
    public var kind: String

    public init(id: Int64, outboxID: Int64, variantID: String?, url: String, kind: String) {
        self.id = id
        self.outboxID = outboxID
        self.variantID = variantID
        self.url = url
        self.kind = kind
    }
}

/// A link to save for an email about to be sent. One email has one link per (kind, variant):
/// saving it again (a resend after a crash) keeps its id and takes the new URL.
public struct NewLink: Hashable, Sendable {
    public var outboxID: Int64
    public var variantID: String?
    public var url: String
    public var kind: String

    public init(outboxID: Int64, variantID: String?, url: String, kind: String = "product") {
        self.outboxID = outboxID
        self.variantID = variantID
        self.url = url
        self.kind = kind
    }
}

/// One open or click as it arrived, with what the classifier made of it (`events`). Every
/// request that carried a valid token is kept, machines included: reports count them apart.
public struct TrackingEvent: Hashable, Sendable, Codable {
    /// 0 until stored.
    public var id: Int64
    public var kind: TrackingKind
    public var outboxID: Int64
    public var watchID: Int64?
    public var linkID: Int64?
    public var at: Timestamp
    /// A prefetching proxy, a link scanner or a preview bot, not a person.
    public var machine: Bool
    /// Why it was judged a machine (``TrafficVerdict/reason``); `nil` for a person.
    public var reason: String?
    public var userAgent: String?
    public var ip: String?
    /// Who asked, as a hash of address and agent: an open is kept once per email and visitor.
    public var visitor: String

    public init(
        id: Int64 = 0, kind: TrackingKind, outboxID: Int64, watchID: Int64? = nil, linkID: Int64? = nil,
        at: Timestamp, machine: Bool, reason: String? = nil, userAgent: String? = nil, ip: String? = nil,
        visitor: String
    ) {
        self.id = id
        self.kind = kind
        self.outboxID = outboxID
        self.watchID = watchID
        self.linkID = linkID
        self.at = at
        self.machine = machine
        self.reason = reason
        self.userAgent = userAgent
        self.ip = ip
        self.visitor = visitor
    }
}

extension TrackingEvent {
    /// A visitor's key: the first 16 bytes of SHA-256 over address and agent, hex. Neither is
    /// needed again to count an email's opens once per visitor, and the hash does not let the
    /// table be searched for an address.
    public static func visitor(ip: String?, userAgent: String?) -> String {
        let digest = SHA256.hash(data: Array("\(ip ?? "")\n\(userAgent ?? "")".utf8))
        return digest.prefix(16).lowercaseHex
    }
}
