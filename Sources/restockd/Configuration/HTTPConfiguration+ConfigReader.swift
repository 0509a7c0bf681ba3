import Configuration
import RestockCore
import RestockHTTP

extension HTTPConfiguration {
    /// Keys are listed on ``HTTPConfiguration``. The admin token and webhook secret fall back to
    /// the ones kept in the data directory (see `GeneratedSecret`), so a first run works with no
    /// configuration at all.
    init(
        reader: ConfigReader, generatedAdminToken: @autoclosure () throws -> String,
        generatedWebhookSecret: @autoclosure () throws -> String
    ) throws {
        let token = try reader.checkedString(.adminToken) ?? generatedAdminToken()
        // It travels in an Authorization header, which is read only up to
        // AdminTokenMiddleware.maxAuthorizationBytes: a longer token could never log in.
        guard (16...256).contains(token.utf8.count), token.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ConfigError(
                key: "restock.admin.token", problem: "must be 16 to 256 printable ASCII characters without spaces")
        }
        let secret = try reader.checkedString(.webhookSecret) ?? generatedWebhookSecret()
        let previous = reader.checkedString(.webhookSecretPrevious)
        for origin in reader.checkedList(.watchesAllowedOrigins)
        where !(origin.hasPrefix("https://") || origin.hasPrefix("http://")) || origin.hasSuffix("/") {
            throw ConfigError(
                key: "restock.watches.allowedOrigins",
                problem: "\"\(origin)\" is not an origin like https://shop.example (scheme and host, no path)")
        }
        self.init(
            adminToken: token,
            webhookSecrets: [secret] + (previous.map { [$0] } ?? []),
            maxBodyBytes: try reader.checkedInt(
                .webhookMaxBodyBytes, default: 256 * 1024, range: 1024...16 * 1024 * 1024),
            toleranceSeconds: try reader.checkedInt(.webhookToleranceSeconds, default: 300, range: 1...86_400),
            allowedOrigins: reader.checkedList(.watchesAllowedOrigins),
            ratePerIP: try reader.checkedInt(.watchesRatePerIP, default: 20, range: 1...1_000_000),
            ratePerEmail: try reader.checkedInt(.watchesRatePerEmail, default: 5, range: 1...1_000_000),
            attributionParameter: try Self.attributionParameter(reader),
            trustedProxies: try reader.checkedAddressBlocks(.httpTrustedProxies),
            rateLimits: try RateLimits(reader: reader), serverLimits: try HTTPServerLimits(reader: reader))
    }

    /// A query parameter name: letters, digits, `_` and `-`, so it needs no escaping in a URL.
    private static func attributionParameter(_ reader: ConfigReader) throws -> String {
        let key = SettingKey.trackingAttributionParameter
        guard let name = reader.checkedString(key) else { return "restock" }
        guard name.utf8.count <= 32,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else {
            throw ConfigError(
                key: key.rawValue, problem: "\"\(name)\" is not a query parameter name (letters, digits, _ and -)")
        }
        return name
    }
}

extension RateLimits {
    /// Keys are listed on ``RateLimits``.
    init(reader: ConfigReader) throws {
        let defaults = RateLimits()
        self.init(
            trackingPerMinute: try reader.checkedInt(
                .httpRateLimitTrackingPerMinute, default: defaults.trackingPerMinute, range: 1...1_000_000),
            linksPerMinute: try reader.checkedInt(
                .httpRateLimitLinksPerMinute, default: defaults.linksPerMinute, range: 1...1_000_000),
            refusedPerMinute: try reader.checkedInt(
                .httpRateLimitRefusedPerMinute, default: defaults.refusedPerMinute, range: 1...1_000_000),
            maxClients: try reader.checkedInt(
                .httpRateLimitMaxClients, default: defaults.maxClients, range: 100...10_000_000))
    }
}

extension HTTPServerLimits {
    /// Keys are listed on ``HTTPServerLimits``.
    init(reader: ConfigReader) throws {
        let defaults = HTTPServerLimits()
        self.init(
            idleTimeoutSeconds: Double(
                try reader.checkedInt(
                    .httpIdleTimeoutSeconds, default: Int(defaults.idleTimeoutSeconds), range: 1...3600)),
            headerTimeoutSeconds: Double(
                try reader.checkedInt(
                    .httpHeaderTimeoutSeconds, default: Int(defaults.headerTimeoutSeconds), range: 1...3600)),
            bodyTimeoutSeconds: Double(
                try reader.checkedInt(
                    .httpBodyTimeoutSeconds, default: Int(defaults.bodyTimeoutSeconds), range: 1...3600)),
            maxHeaderBytes: try reader.checkedInt(
                .httpMaxHeaderBytes, default: defaults.maxHeaderBytes, range: 1024...1024 * 1024),
            maxConnections: try reader.checkedInt(
                .httpMaxConnections, default: defaults.maxConnections, range: 1...1_000_000))
    }
}
