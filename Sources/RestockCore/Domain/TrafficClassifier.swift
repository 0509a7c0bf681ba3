import Foundation

/// What the classifier made of one open or click.
public struct TrafficVerdict: Hashable, Sendable {
    public var machine: Bool
    /// Why it is a machine: one of the `TrafficClassifier.Reason` raw values.
    public var reason: String?

    public static let human = TrafficVerdict(machine: false, reason: nil)

    public static func machine(_ reason: TrafficClassifier.Reason) -> TrafficVerdict {
        TrafficVerdict(machine: true, reason: reason.rawValue)
    }
}

/// Tells people from machines among the requests for the open pixel and the tracked links
/// (README.md, "Measurement"). Machines are kept as events, but never trigger anything and never
/// earn attribution.
///
/// Opens. Apple Mail Privacy Protection fetches every image of every message through Apple's
/// relay as soon as the message reaches the device, whether or not anyone reads it; its requests
/// carry the bare agent `Mozilla/5.0` and come from Apple's relay addresses (the iCloud Private
/// Relay egress ranges, which Apple publishes; `17.0.0.0/8` is Apple's own block and the
/// default here). Other proxies and preview bots name themselves in the agent. Gmail's image
/// proxy fetches when the message is opened, so its opens count as people unless they come
/// within the prefetch window.
///
/// Clicks. Mail security scanners (Microsoft Safe Links, Mimecast, Proofpoint, Barracuda…)
/// follow every link of a message within seconds of delivery, often with `HEAD`, under their own
/// or a generic agent, and fetch several links of one message at once; a person does none of
/// that. Private Relay addresses are not a sign of a machine for clicks: Safari users browse
/// through them.
public struct TrafficClassifier: Sendable, Hashable {
    public enum Reason: String, Sendable, CaseIterable {
        /// Apple Mail Privacy Protection's prefetch.
        case appleMPP = "apple-mpp"
        /// An agent that names a proxy, scanner, preview bot or HTTP library.
        case knownAgent = "known-agent"
        /// No `User-Agent` at all: no mail client or browser sends none.
        case noAgent = "no-agent"
        /// Within the prefetch window after the server accepted the message.
        case tooSoon = "too-soon"
        /// A `HEAD` request: it checks the link without showing it to anyone.
        case headRequest = "head-request"
        /// Several links of one message followed within ``burstWindow``.
        case linkBurst = "link-burst"
    }

    /// An open or click this soon after delivery is a machine (seconds).
    public var prefetchWindow: Double
    /// Clicks on different links of one message this close together are a scanner (seconds).
    public var burstWindow: Double
    /// Where Apple MPP's prefetches come from.
    public var appleProxyRanges: [IPRange]

    public static let defaultAppleProxyRanges = [IPRange("17.0.0.0/8")!]

    /// Lower-cased fragments of agents that are never a person reading or clicking.
    static let machineAgentFragments = [
        // Mail security gateways and link scanners.
        "barracuda", "mimecast", "proofpoint", "symantec", "messagelabs", "trendmicro", "forcepoint",
        "sophos", "ironport", "fortiguard", "safelinks", "cloudmark", "zscaler",
        // Link previews and crawlers.
        "bot", "spider", "crawler", "facebookexternalhit", "bingpreview", "slack", "whatsapp",
        "skypeuripreview", "embedly",
        // Mail proxies that prefetch (Yahoo and AOL fetch at delivery).
        "yahoomailproxy",
        // HTTP libraries and tools: scripts, not people.
        "curl/", "wget/", "python-requests", "python-urllib", "go-http-client", "okhttp", "java/",
        "libwww-perl", "apache-httpclient", "node-fetch", "axios/", "headlesschrome",
    ]

    public init(
        prefetchWindow: Double = 10, burstWindow: Double = 1,
        appleProxyRanges: [IPRange] = TrafficClassifier.defaultAppleProxyRanges
    ) {
        self.prefetchWindow = prefetchWindow
        self.burstWindow = burstWindow
        self.appleProxyRanges = appleProxyRanges
    }

    /// An open at `at` of a message the server accepted at `sentAt` (`nil`: not yet recorded as
    /// sent, so just now).
    public func classifyOpen(userAgent: String?, ip: String?, at: Timestamp, sentAt: Timestamp?) -> TrafficVerdict {
        let agent = userAgent?.trimmingCharacters(in: .whitespaces) ?? ""
        if agent == "Mozilla/5.0" || ip.map(isAppleProxy) == true { return .machine(.appleMPP) }
        if let reason = agentReason(agent) { return .machine(reason) }
        if isTooSoon(at, sentAt: sentAt) { return .machine(.tooSoon) }
        return .human
    }

    /// A click already stored for the same message, for the burst rule.
    public struct PriorClick: Hashable, Sendable {
        public var eventID: Int64
        public var linkID: Int64?
        public var at: Timestamp
        public var machine: Bool

        public init(eventID: Int64, linkID: Int64?, at: Timestamp, machine: Bool) {
            self.eventID = eventID
            self.linkID = linkID
            self.at = at
            self.machine = machine
        }
    }

    /// A click on link `linkID` at `at`; `prior` are the message's clicks stored before, or only
    /// those near it (``ClickHistory/nearby``: the others never form a burst with it). Returns
    /// the verdict and the prior clicks that, seen with this one, form a burst and are machines
    /// too (they were judged alone when they came).
    public func classifyClick(
        method: String, userAgent: String?, linkID: Int64, at: Timestamp, sentAt: Timestamp?,
        prior: [PriorClick]
    ) -> (verdict: TrafficVerdict, burst: [Int64]) {
        let burst = prior.filter { click in
            click.linkID != linkID && abs(Double(click.at.microseconds - at.microseconds)) <= burstWindow * 1_000_000
        }
        let verdict: TrafficVerdict
        let agent = userAgent?.trimmingCharacters(in: .whitespaces) ?? ""
        if method.uppercased() == "HEAD" {
            verdict = .machine(.headRequest)
        } else if let reason = agentReason(agent) {
            verdict = .machine(reason)
        } else if isTooSoon(at, sentAt: sentAt) {
            verdict = .machine(.tooSoon)
        } else if !burst.isEmpty {
            verdict = .machine(.linkBurst)
        } else {
            verdict = .human
        }
        return (verdict, burst.filter { !$0.machine }.map(\.eventID))
    }

    func isAppleProxy(_ ip: String) -> Bool { appleProxyRanges.contains { $0.contains(ip) } }

    func agentReason(_ agent: String) -> Reason? {
        guard !agent.isEmpty else { return .noAgent }
        let lowered = agent.lowercased()
        return Self.machineAgentFragments.contains { lowered.contains($0) } ? .knownAgent : nil
    }

    func isTooSoon(_ at: Timestamp, sentAt: Timestamp?) -> Bool {
        guard let sentAt else { return true }
        return Double(at.microseconds - sentAt.microseconds) < prefetchWindow * 1_000_000
    }
}
