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
        let token = try reader.checkedString("restock.admin.token", secret: true) ?? generatedAdminToken()
        guard token.count >= 16 else {
            throw ConfigError(key: "restock.admin.token", problem: "must be at least 16 characters")
        }
        let secret = try reader.checkedString("restock.webhook.secret", secret: true) ?? generatedWebhookSecret()
        let previous = reader.checkedString("restock.webhook.secretPrevious", secret: true)
        for origin in reader.checkedList("restock.watches.allowedOrigins")
        where !(origin.hasPrefix("https://") || origin.hasPrefix("http://")) || origin.hasSuffix("/") {
            throw ConfigError(
                key: "restock.watches.allowedOrigins",
                problem: "\"\(origin)\" is not an origin like https://shop.example (scheme and host, no path)")
        }
        self.init(
            adminToken: token,
            webhookSecrets: [secret] + (previous.map { [$0] } ?? []),
            maxBodyBytes: try reader.checkedInt(
                "restock.webhook.maxBodyBytes", default: 256 * 1024, range: 1024...16 * 1024 * 1024),
            toleranceSeconds: try reader.checkedInt(
                "restock.webhook.toleranceSeconds", default: 300, range: 1...86_400),
            allowedOrigins: reader.checkedList("restock.watches.allowedOrigins"),
            ratePerIP: try reader.checkedInt("restock.watches.ratePerIP", default: 20, range: 1...1_000_000),
            ratePerEmail: try reader.checkedInt("restock.watches.ratePerEmail", default: 5, range: 1...1_000_000),
            attributionParameter: try Self.attributionParameter(reader),
            trustedProxies: try reader.checkedAddressBlocks("restock.http.trustedProxies"))
    }

    /// A query parameter name: letters, digits, `_` and `-`, so it needs no escaping in a URL.
    private static func attributionParameter(_ reader: ConfigReader) throws -> String {
        let key = "restock.tracking.attributionParameter"
        guard let name = reader.checkedString(key) else { return "restock" }
        guard name.utf8.count <= 32,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else {
            throw ConfigError(key: key, problem: "\"\(name)\" is not a query parameter name (letters, digits, _ and -)")
        }
        return name
    }
}
