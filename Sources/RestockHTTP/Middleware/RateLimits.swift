/// The per-client limits of the public routes (``RateLimitMiddleware``). Keys (read in
/// `restockd`, `HTTPConfiguration+ConfigReader.swift`):
/// - `restock.http.rateLimit.trackingPerMinute` (int, default 300): requests to `/t/*` (open
///   pixel, tracked clicks) per client and minute. A person opens and clicks a handful; a
///   corporate NAT of many readers still fits.
/// - `restock.http.rateLimit.linksPerMinute` (int, default 60): requests to the `/u`, `/r` and
///   `/c` pages per client and minute.
/// - `restock.http.rateLimit.refusedPerMinute` (int, default 30): refused (401) requests to the
///   webhook and admin routes per client and minute, after which that client gets 429 until its
///   budget refills; accepted requests are never counted.
/// - `restock.http.rateLimit.maxClients` (int, default 100000): clients remembered per limit;
///   bounds the memory of each limiter (about 40 bytes a client).
public struct RateLimits: Sendable, Equatable {
    public var trackingPerMinute: Int
    public var linksPerMinute: Int
    public var refusedPerMinute: Int
    public var maxClients: Int

    public init(
        trackingPerMinute: Int = 300, linksPerMinute: Int = 60, refusedPerMinute: Int = 30, maxClients: Int = 100_000
    ) {
        self.trackingPerMinute = trackingPerMinute
        self.linksPerMinute = linksPerMinute
        self.refusedPerMinute = refusedPerMinute
        self.maxClients = maxClients
    }
}
