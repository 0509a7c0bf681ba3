import ArgumentParser
import RestockEngine
import RestockHTTP

/// `restockd check-config`: validate the configuration and print what would be used, secrets
/// redacted. Exits non-zero, naming the key, when something is wrong.
struct CheckConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the configuration and print the effective settings.")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let c = try await loadConfiguration(options)
        let engine = c.engine
        let http = c.http
        print(
            """
            configuration OK
              restock.dataDir                  \(c.dataDirectory)
              restock.store.url                \(c.storeDescription)
              restock.store.poolSize           \(c.poolSize)
              restock.http.host                \(c.host)
              restock.http.port                \(c.port)
              restock.log.level                \(c.logLevel)
              restock.admin.token              (set, \(http.adminToken.count) characters)
              restock.webhook.secret           (set)\(http.webhookSecrets.count > 1 ? "\n  restock.webhook.secretPrevious   (set)" : "")
              restock.webhook.maxBodyBytes     \(http.maxBodyBytes)
              restock.webhook.toleranceSeconds \(http.toleranceSeconds)
              restock.watches.allowedOrigins   \(http.allowedOrigins.isEmpty ? "(none: backend calls only)" : http.allowedOrigins.joined(separator: ","))
              restock.watches.ratePerIP        \(http.ratePerIP)/hour
              restock.watches.ratePerEmail     \(http.ratePerEmail)/hour
              restock.watches.doubleOptIn      \(engine.doubleOptIn)
              restock.watches.ttlDays          \(engine.watchTTLDays)
              restock.planner.minAvailable     \(engine.minAvailable)
              restock.planner.perUnit          \(engine.perUnit.map { "\($0)" } ?? "(unset: everyone)")
              restock.planner.waveInterval     \(engine.waveInterval) s
              integrations                     generic webhooks (/v1/inventory, /v1/orders)
            """)
    }
}
